package io.parley.desktop.app;

import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

/**
 * The command palette's window: the query box keeps the focus, the arrow keys move through the
 * results, Enter (or a click) opens one and closes the palette, Escape or clicking elsewhere closes it.
 */
public final class CommandPalette {
    private final CommandPaletteViewModel model;
    private final Runnable close;

    @FXML
    private TextField paletteQuery;
    @FXML
    private Label paletteStatus;
    @FXML
    private ListView<CommandPaletteViewModel.Entry> paletteResults;

    public CommandPalette(CommandPaletteViewModel model, Runnable close) {
        this.model = model;
        this.close = close;
    }

    @FXML
    private void initialize() {
        paletteQuery.textProperty().bindBidirectional(model.queryProperty());
        paletteStatus.textProperty().bind(model.statusProperty());
        paletteResults.setItems(model.results());
        paletteResults.setCellFactory(list -> new EntryCell());
        paletteResults.setFocusTraversable(false);
        model.results().addListener((ListChangeListener<CommandPaletteViewModel.Entry>) change -> {
            if (!model.results().isEmpty()) {
                paletteResults.getSelectionModel().selectFirst();
            }
        });
        if (!model.results().isEmpty()) {
            paletteResults.getSelectionModel().selectFirst();
        }
        paletteQuery.addEventFilter(KeyEvent.KEY_PRESSED, this::onKey);
        paletteResults.setOnMouseClicked(e -> {
            if (e.getButton() == MouseButton.PRIMARY && paletteResults.getSelectionModel().getSelectedItem() != null) {
                openSelected();
            }
        });
    }

    private void onKey(KeyEvent e) {
        switch (e.getCode()) {
            case DOWN -> move(1);
            case UP -> move(-1);
            case ENTER -> openSelected();
            case ESCAPE -> close.run();
            default -> {
                return;
            }
        }
        e.consume();
    }

    private void move(int step) {
        int size = paletteResults.getItems().size();
        if (size == 0) {
            return;
        }
        int next = Math.floorMod(paletteResults.getSelectionModel().getSelectedIndex() + step, size);
        paletteResults.getSelectionModel().select(next);
        paletteResults.scrollTo(next);
    }

    private void openSelected() {
        if (model.open(paletteResults.getSelectionModel().getSelectedItem())) {
            close.run();
        }
    }

    /** Opens the palette over {@code owner}, a little below its top edge. */
    public static void place(Stage palette, Stage owner) {
        palette.setX(owner.getX() + Math.max(0, (owner.getWidth() - 620) / 2));
        palette.setY(owner.getY() + 80);
    }

    private static final class EntryCell extends ListCell<CommandPaletteViewModel.Entry> {
        private final Label title = new Label();
        private final Label detail = new Label();
        private final VBox box = new VBox(2, title, detail);

        EntryCell() {
            title.getStyleClass().add("conversation-name");
            detail.getStyleClass().add("conversation-preview");
            box.setPadding(new Insets(2, 0, 2, 0));
        }

        @Override
        protected void updateItem(CommandPaletteViewModel.Entry entry, boolean empty) {
            super.updateItem(entry, empty);
            if (empty || entry == null) {
                setGraphic(null);
                setText(null);
                return;
            }
            title.setText(entry.title());
            detail.setText(entry.detail().isEmpty() ? entry.kind() : entry.kind() + " · " + entry.detail());
            setGraphic(box);
        }
    }
}
