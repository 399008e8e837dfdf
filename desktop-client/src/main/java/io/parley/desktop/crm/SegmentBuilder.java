package io.parley.desktop.crm;

import io.parley.model.crm.Segment;
import javafx.animation.PauseTransition;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

import java.time.LocalDate;
import java.util.List;
import java.util.function.Consumer;

/** The condition builder's window: a row of choice boxes per condition, the live count, the name. */
public final class SegmentBuilder {
    private final SegmentBuilderViewModel model;
    private final Consumer<Segment> saved;
    private final Runnable closeWindow;
    private final PauseTransition settle = new PauseTransition(Duration.millis(300));

    @FXML
    private ChoiceBox<String> matchChoice;
    @FXML
    private VBox conditionRows;
    @FXML
    private Button addCondition;
    @FXML
    private Label segmentCount;
    @FXML
    private TextField segmentName;
    @FXML
    private Button saveSegment;
    @FXML
    private Button cancelSegment;
    @FXML
    private Label segmentError;

    public SegmentBuilder(SegmentBuilderViewModel model, Consumer<Segment> saved, Runnable closeWindow) {
        this.model = model;
        this.saved = saved;
        this.closeWindow = closeWindow;
    }

    @FXML
    private void initialize() {
        matchChoice.getItems().setAll("all", "any");
        matchChoice.setConverter(LabelConverter.of(m -> m.equals("all") ? "all" : "any one"));
        matchChoice.valueProperty().bindBidirectional(model.matchProperty());
        matchChoice.valueProperty().addListener((o, old, now) -> changed());
        segmentName.textProperty().bindBidirectional(model.nameProperty());
        segmentCount.textProperty().bind(model.countProperty());
        segmentError.textProperty().bind(model.errorProperty());
        settle.setOnFinished(e -> model.recount());
        model.rows().addListener((ListChangeListener<SegmentBuilderViewModel.Row>) change -> build());
        addCondition.setOnAction(e -> model.addRow("tag"));
        saveSegment.setOnAction(e -> model.save(segment -> {
            saved.accept(segment);
            closeWindow.run();
        }));
        cancelSegment.setOnAction(e -> closeWindow.run());
        build();
    }

    private void changed() {
        settle.playFromStart();
    }

    private void build() {
        conditionRows.getChildren().clear();
        for (int i = 0; i < model.rows().size(); i++) {
            conditionRows.getChildren().add(row(model.rows().get(i), i));
        }
        changed();
    }

    private Node row(SegmentBuilderViewModel.Row row, int index) {
        ComboBox<SegmentBuilderViewModel.Field> field = new ComboBox<>();
        field.setId("condition-field-" + index);
        field.getItems().setAll(model.fields());
        field.setConverter(LabelConverter.of(SegmentBuilderViewModel.Field::label));
        field.valueProperty().bindBidirectional(row.fieldProperty());
        field.setPrefWidth(170);

        ComboBox<SegmentBuilderViewModel.Op> op = new ComboBox<>();
        op.setId("condition-op-" + index);
        op.setConverter(LabelConverter.of(SegmentBuilderViewModel.Op::label));
        op.setPrefWidth(160);

        HBox value = new HBox();
        HBox.setHgrow(value, Priority.ALWAYS);
        Runnable refill = () -> {
            SegmentBuilderViewModel.Field f = row.fieldProperty().get();
            op.getItems().setAll(f == null ? List.of() : f.ops());
            op.setValue(row.opProperty().get());
            value.getChildren().setAll(editor(row, index));
        };
        row.fieldProperty().addListener((o, old, now) -> {
            refill.run();
            changed();
        });
        op.valueProperty().addListener((o, old, now) -> {
            if (now != null && now != row.opProperty().get()) {
                row.opProperty().set(now);
                value.getChildren().setAll(editor(row, index));
            }
            changed();
        });
        refill.run();

        Button remove = new Button("✕");
        remove.setId("condition-remove-" + index);
        remove.getStyleClass().add("flat");
        remove.setOnAction(e -> model.removeRow(row));
        HBox line = new HBox(6, field, op, value, remove);
        line.getStyleClass().add("condition-row");
        return line;
    }

    /** The value editor the row's test needs: a list to pick from, a date, a number or text, or nothing. */
    private Node editor(SegmentBuilderViewModel.Row row, int index) {
        SegmentBuilderViewModel.Op op = row.opProperty().get();
        if (op == null || op.kind() == SegmentBuilderViewModel.Kind.NONE) {
            return new Label();
        }
        String id = "condition-value-" + index;
        switch (op.kind()) {
            case CHOICE -> {
                ComboBox<SegmentBuilderViewModel.Choice> choice = new ComboBox<>();
                choice.setId(id);
                choice.getItems().setAll(row.fieldProperty().get().choices());
                choice.setConverter(LabelConverter.of(SegmentBuilderViewModel.Choice::label));
                choice.valueProperty().bindBidirectional(row.choiceProperty());
                choice.valueProperty().addListener((o, old, now) -> changed());
                choice.setMaxWidth(Double.MAX_VALUE);
                HBox.setHgrow(choice, Priority.ALWAYS);
                return choice;
            }
            case DATE -> {
                DatePicker date = new DatePicker();
                date.setId(id);
                String text = row.textProperty().get();
                date.setValue(text == null || text.isEmpty() ? null : LocalDate.parse(text));
                date.valueProperty().addListener((o, old, now) -> {
                    row.textProperty().set(now == null ? "" : now.toString());
                    changed();
                });
                return date;
            }
            default -> {
                TextField text = new TextField();
                text.setId(id);
                text.setPromptText(switch (op.kind()) {
                    case DAYS -> "days";
                    case NUMBER -> "a number";
                    default -> "text";
                });
                text.textProperty().bindBidirectional(row.textProperty());
                text.textProperty().addListener((o, old, now) -> changed());
                HBox.setHgrow(text, Priority.ALWAYS);
                return text;
            }
        }
    }
}
