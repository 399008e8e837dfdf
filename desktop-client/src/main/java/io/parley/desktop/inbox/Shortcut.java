package io.parley.desktop.inbox;

import javafx.scene.input.KeyCombination;

/** The inbox's keyboard shortcuts; the help dialog lists them from here, so the two cannot drift apart. */
public enum Shortcut {
    NEXT_CONVERSATION("Alt+Down", "Next conversation"),
    PREVIOUS_CONVERSATION("Alt+Up", "Previous conversation"),
    FOCUS_COMPOSER("Shortcut+R", "Reply: focus the composer"),
    FOCUS_SEARCH("Shortcut+K", "Search conversations"),
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
