package io.parley.desktop.app;

import io.parley.model.identity.Role;

/**
 * One entry of the navigation rail: the shell knows workspaces only by these names, icons and
 * roles; what a workspace shows is built by its feature when it is first opened.
 *
 * @param id          stable name, also the node id of its rail button ({@code "nav-" + id})
 * @param title       the label under the icon
 * @param icon        an Ikonli Material Design 2 icon literal
 * @param minimumRole who may open it (the server checks again on every call)
 * @param comingSoon  what the workspace will hold, shown until its feature lands; null once it has
 */
public record Workspace(String id, String title, String icon, Role minimumRole, String comingSoon) {
    public boolean available() {
        return comingSoon == null;
    }
}
