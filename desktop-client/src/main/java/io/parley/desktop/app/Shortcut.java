package io.parley.desktop.app;

import javafx.scene.input.KeyCombination;

/** The app's keyboard shortcuts; the help dialog lists them from here, so the two cannot drift apart. */
public enum Shortcut {
    COMMAND_PALETTE("Shortcut+K", "Find and open anything: conversations, workspaces"),
    WORKSPACE("Shortcut+1", "Switch workspace: Ctrl+1 Inbox … Ctrl+8 Admin, in the rail's order"),
    NEXT_CONVERSATION("Alt+Down", "Next conversation"),
    PREVIOUS_CONVERSATION("Alt+Up", "Previous conversation"),
    FOCUS_COMPOSER("Shortcut+R", "Reply: focus the composer"),
    FOCUS_SEARCH("Shortcut+F", "Search the conversation list"),
    ASSIGN_TO_ME("Shortcut+Shift+M", "Assign the open conversation to me"),
    RESOLVE("Shortcut+Shift+E", "Resolve the open conversation"),
    HELP("F1", "Show these shortcuts");

    private final KeyCombination combination;
    private final String description;

    Shortcut(String combination, String description) {
        this.combination = KeyCombination.valueOf(combination);
        this.description = description;
    }

    public KeyCombination combination() {
        return combination;
    }

    public String description() {
        return description;
    }
}
