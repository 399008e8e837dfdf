package io.parley.desktop.crm;

import io.parley.model.crm.Contact;
import io.parley.model.crm.Tag;
import io.parley.model.identity.User;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.geometry.Orientation;
import javafx.scene.Cursor;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollBar;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The Pipeline workspace's view: a column per stage (virtualised list of cards, paged as it
 * scrolls), cards dragged between columns with the mouse (or moved with their context menu), a
 * double click opening the contact.
 */
public final class PipelineView {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM);

    private final PipelineViewModel model;
    private final Clock clock;
    private final Consumer<Contact> open;
    /** The card being dragged, between the drag's start and its drop. */
    private Contact dragged;

    @FXML
    private ComboBox<User> ownerFilter;
    @FXML
    private ComboBox<Tag> tagFilter;
    @FXML
    private Button clearFilters;
    @FXML
    private Label pipelineNotice;
    @FXML
    private Label pipelineError;
    @FXML
    private HBox board;

    public PipelineView(PipelineViewModel model, Clock clock, Consumer<Contact> open) {
        this.model = model;
        this.clock = clock;
        this.open = open;
    }

    @FXML
    private void initialize() {
        ownerFilter.setItems(model.members());
        LabelConverter.filter(ownerFilter, User::name);
        ownerFilter.valueProperty().bindBidirectional(model.ownerProperty());
        tagFilter.setItems(model.tags());
        LabelConverter.filter(tagFilter, Tag::name);
        tagFilter.valueProperty().bindBidirectional(model.tagProperty());
        clearFilters.setOnAction(e -> {
            ownerFilter.setValue(null);
            tagFilter.setValue(null);
        });
        pipelineNotice.textProperty().bind(model.noticeProperty());
        pipelineError.textProperty().bind(model.errorProperty());
        model.columns().addListener((ListChangeListener<PipelineViewModel.Column>) change -> build());
        build();
    }

    private void build() {
        board.getChildren().setAll(model.columns().stream().map(this::column).toList());
    }

    private Node column(PipelineViewModel.Column column) {
        Label name = new Label(column.stage().name());
        name.getStyleClass().add("stage-name");
        Label count = new Label();
        count.setId("count-" + column.stage().id());
        count.getStyleClass().add("stage-count");
        count.textProperty().bind(column.countProperty().asString("%,d"));
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox header = new HBox(6, name, gap, count);
        header.getStyleClass().addAll("stage-header", "stage-" + column.stage().kind().toLowerCase());

        ListView<Contact> cards = new ListView<>(column.cards());
        cards.setId("cards-" + column.stage().id());
        cards.getStyleClass().add("stage-cards");
        Label empty = new Label("No contacts in " + column.stage().name());
        empty.getStyleClass().add("subtitle");
        empty.setWrapText(true);
        cards.setPlaceholder(empty);
        cards.setCellFactory(CardCell::new);
        cards.skinProperty().addListener((o, old, skin) -> loadMoreNearTheEnd(cards, column));
        VBox.setVgrow(cards, Priority.ALWAYS);

        VBox box = new VBox(6, header, cards);
        box.setId("column-" + column.stage().id());
        box.getStyleClass().add("stage-column");
        box.setUserData(column);
        return box;
    }

    /** The column under a point of the scene, if any. */
    private Optional<Node> columnAt(double sceneX, double sceneY) {
        return board.getChildren().stream()
                .filter(box -> box.localToScene(box.getBoundsInLocal()).contains(sceneX, sceneY)).findFirst();
    }

    private void highlight(Node target) {
        board.getChildren().forEach(box -> {
            if (box == target) {
                if (!box.getStyleClass().contains("drop-target")) {
                    box.getStyleClass().add("drop-target");
                }
            } else {
                box.getStyleClass().remove("drop-target");
            }
        });
    }

    private void loadMoreNearTheEnd(ListView<Contact> cards, PipelineViewModel.Column column) {
        for (Node node : cards.lookupAll(".scroll-bar")) {
            if (node instanceof ScrollBar bar && bar.getOrientation() == Orientation.VERTICAL) {
                bar.valueProperty().addListener((o, old, now) -> {
                    if (now.doubleValue() >= bar.getMax() * 0.85) {
                        model.loadMore(column);
                    }
                });
            }
        }
    }

    /** A contact's card: name, owner and when it was last active, tags; dragged to move it. */
    private final class CardCell extends ListCell<Contact> {
        private final Label name = new Label();
        private final Label meta = new Label();
        private final Label tags = new Label();
        private final VBox card = new VBox(2, name, meta, tags);

        CardCell(ListView<Contact> list) {
            // The card is as wide as its column; a long name wraps instead of widening the list.
            prefWidthProperty().bind(list.widthProperty().subtract(18));
            setMaxWidth(USE_PREF_SIZE);
            name.setWrapText(true);
            name.getStyleClass().add("card-name");
            meta.getStyleClass().add("card-meta");
            tags.getStyleClass().add("card-tags");
            card.getStyleClass().add("contact-card");
            // A press, drag and release: the card's own mouse events say where it is dropped.
            setOnDragDetected(e -> {
                if (getItem() != null && e.getButton() == MouseButton.PRIMARY) {
                    dragged = getItem();
                    getScene().setCursor(Cursor.CLOSED_HAND);
                }
            });
            setOnMouseDragged(e -> {
                if (dragged != null) {
                    highlight(columnAt(e.getSceneX(), e.getSceneY()).orElse(null));
                }
            });
            setOnMouseReleased(e -> {
                if (dragged == null) {
                    return;
                }
                Contact card = dragged;
                dragged = null;
                getScene().setCursor(Cursor.DEFAULT);
                highlight(null);
                columnAt(e.getSceneX(), e.getSceneY())
                        .ifPresent(box -> model.move(card, (PipelineViewModel.Column) box.getUserData()));
            });
            setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && getItem() != null) {
                    open.accept(getItem());
                }
            });
        }

        @Override
        protected void updateItem(Contact contact, boolean empty) {
            super.updateItem(contact, empty);
            if (empty || contact == null) {
                setGraphic(null);
                setContextMenu(null);
                setId(null);
                return;
            }
            setId("card-" + contact.id());
            name.setText(PipelineViewModel.display(contact));
            String owner = model.ownerName(contact.ownerId());
            String seen = contact.lastSeenAt() != null ? "active " + ago(contact.lastSeenAt())
                    : "added " + ago(contact.createdAt());
            meta.setText(owner.isEmpty() ? seen : owner + " · " + seen);
            tags.setText(String.join(", ", contact.tags()));
            tags.setVisible(!contact.tags().isEmpty());
            tags.setManaged(!contact.tags().isEmpty());
            setGraphic(card);
            setContextMenu(menu(contact));
        }

        private ContextMenu menu(Contact contact) {
            Menu moveTo = new Menu("Move to");
            for (PipelineViewModel.Column column : model.columns()) {
                MenuItem item = new MenuItem(column.stage().name());
                item.setDisable(contact.stageId() != null && contact.stageId() == column.stage().id());
                item.setOnAction(e -> model.move(contact, column));
                moveTo.getItems().add(item);
            }
            MenuItem openItem = new MenuItem("Open contact");
            openItem.setOnAction(e -> open.accept(contact));
            return new ContextMenu(openItem, moveTo);
        }
    }

    /** How long ago, as people say it. */
    private String ago(Instant at) {
        if (at == null) {
            return "some time ago";
        }
        Duration since = Duration.between(at, clock.instant());
        if (since.toMinutes() < 1) {
            return "just now";
        }
        if (since.toHours() < 1) {
            return since.toMinutes() + " min ago";
        }
        if (since.toDays() < 1) {
            return since.toHours() + " h ago";
        }
        if (since.toDays() < 7) {
            return since.toDays() + (since.toDays() == 1 ? " day ago" : " days ago");
        }
        return "on " + DATE.format(at.atZone(clock.getZone()));
    }
}
