package io.parley.desktop.crm;

import io.parley.desktop.app.Opener;
import io.parley.model.crm.ContactImport;
import io.parley.model.crm.ImportPreview;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

import java.io.File;
import java.util.List;

/** The import wizard's window: one pane per step, the mapping as a choice box over each sample column. */
public final class ImportWizard {
    private final ImportWizardViewModel model;
    private final Opener opener;
    private final Runnable closeWindow;

    @FXML
    private VBox importWizard;
    @FXML
    private Label stepChoose;
    @FXML
    private Label stepMap;
    @FXML
    private Label stepOptions;
    @FXML
    private Label stepRun;
    @FXML
    private VBox choosePane;
    @FXML
    private VBox mapPane;
    @FXML
    private VBox optionsPane;
    @FXML
    private VBox runPane;
    @FXML
    private TextField importFile;
    @FXML
    private Button browse;
    @FXML
    private Label fileSummary;
    @FXML
    private TableView<List<String>> sampleTable;
    @FXML
    private TextField defaultCountry;
    @FXML
    private TextField addTags;
    @FXML
    private CheckBox updateKnown;
    @FXML
    private Label runTitle;
    @FXML
    private ProgressBar runProgress;
    @FXML
    private Label runCounts;
    @FXML
    private Button saveErrors;
    @FXML
    private Label savedErrors;
    @FXML
    private ListView<ContactImport.ImportError> errorList;
    @FXML
    private Label wizardError;
    @FXML
    private Button back;
    @FXML
    private Button next;
    @FXML
    private Button close;

    public ImportWizard(ImportWizardViewModel model, Opener opener, Runnable closeWindow) {
        this.model = model;
        this.opener = opener;
        this.closeWindow = closeWindow;
    }

    @FXML
    private void initialize() {
        importFile.textProperty().bindBidirectional(model.fileProperty());
        browse.setOnAction(e -> choose());
        defaultCountry.textProperty().bindBidirectional(model.defaultCountryProperty());
        addTags.textProperty().bindBidirectional(model.addTagsProperty());
        updateKnown.selectedProperty().bindBidirectional(model.updateProperty());
        wizardError.textProperty().bind(model.errorProperty());
        savedErrors.textProperty().bind(model.savedErrorsProperty());
        sampleTable.setPlaceholder(new Label("The file has no rows under its header."));
        errorList.setCellFactory(list -> new ListCell<>() {
            @Override
            protected void updateItem(ContactImport.ImportError error, boolean empty) {
                super.updateItem(error, empty);
                setText(empty || error == null ? null : "Row " + error.row() + (error.column() == null ? "" : " · " + error.column())
                        + ": " + error.message());
            }
        });
        model.previewProperty().addListener((o, old, preview) -> showPreview(preview));
        model.progressProperty().addListener((o, old, status) -> showProgress(status));
        model.stepProperty().addListener((o, old, step) -> showStep(step));
        model.busyProperty().addListener((o, old, busy) -> next.setDisable(busy));
        back.setOnAction(e -> model.back());
        next.setOnAction(e -> {
            switch (model.stepProperty().get()) {
                case CHOOSE -> model.previewFile();
                case MAP -> model.confirmMapping();
                case OPTIONS -> model.start();
                default -> closeWindow.run();
            }
        });
        close.setOnAction(e -> closeWindow.run());
        saveErrors.setOnAction(e -> model.saveErrors(path -> opener.open(path.toUri().toString())));
        showStep(model.stepProperty().get());
    }

    private void choose() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Import contacts");
        chooser.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter("Contact files (CSV, Excel)", "*.csv", "*.txt", "*.tsv", "*.xlsx"),
                new FileChooser.ExtensionFilter("All files", "*.*"));
        File picked = chooser.showOpenDialog(importWizard.getScene().getWindow());
        if (picked != null) {
            model.fileProperty().set(picked.getAbsolutePath());
            model.previewFile();
        }
    }

    private void showStep(ImportWizardViewModel.Step step) {
        choosePane.setVisible(step == ImportWizardViewModel.Step.CHOOSE);
        mapPane.setVisible(step == ImportWizardViewModel.Step.MAP);
        optionsPane.setVisible(step == ImportWizardViewModel.Step.OPTIONS);
        runPane.setVisible(step == ImportWizardViewModel.Step.RUNNING || step == ImportWizardViewModel.Step.DONE);
        mark(stepChoose, step == ImportWizardViewModel.Step.CHOOSE);
        mark(stepMap, step == ImportWizardViewModel.Step.MAP);
        mark(stepOptions, step == ImportWizardViewModel.Step.OPTIONS);
        mark(stepRun, step == ImportWizardViewModel.Step.RUNNING || step == ImportWizardViewModel.Step.DONE);
        back.setVisible(step == ImportWizardViewModel.Step.MAP || step == ImportWizardViewModel.Step.OPTIONS);
        next.setVisible(step != ImportWizardViewModel.Step.RUNNING);
        next.setText(switch (step) {
            case OPTIONS -> "Import";
            case DONE -> "Done";
            default -> "Next";
        });
        close.setText(step == ImportWizardViewModel.Step.DONE ? "Close" : step == ImportWizardViewModel.Step.RUNNING
                ? "Close (the import goes on)" : "Cancel");
    }

    private static void mark(Label label, boolean current) {
        label.getStyleClass().remove("current-step");
        if (current) {
            label.getStyleClass().add("current-step");
        }
    }

    /** The sample rows under a choice box per column, set to the suggested field. */
    private void showPreview(ImportPreview preview) {
        sampleTable.getColumns().clear();
        if (preview == null) {
            return;
        }
        fileSummary.setText(String.format("%,d rows · %d columns · %s", preview.rowCount(), preview.columns().size(),
                preview.format().equals("CSV") ? "CSV, " + preview.encoding() + ", separated by " + delimiterName(preview.delimiter())
                        : "Excel workbook"));
        for (int i = 0; i < preview.columns().size(); i++) {
            String column = preview.columns().get(i);
            int index = i;
            ComboBox<ImportWizardViewModel.Target> field = new ComboBox<>();
            field.setId("map-" + i);
            field.getItems().setAll(model.targets());
            field.setConverter(LabelConverter.of(ImportWizardViewModel.Target::label));
            field.setValue(model.mapping().get(column));
            field.valueProperty().addListener((o, old, now) -> model.mapping().put(column, now));
            field.setMaxWidth(Double.MAX_VALUE);
            Label name = new Label(column);
            name.getStyleClass().add("section-title");
            VBox header = new VBox(4, name, field);
            TableColumn<List<String>, String> tableColumn = new TableColumn<>();
            tableColumn.setGraphic(header);
            tableColumn.setPrefWidth(180);
            tableColumn.setSortable(false);
            tableColumn.setCellValueFactory(cell -> new ReadOnlyStringWrapper(
                    index < cell.getValue().size() ? cell.getValue().get(index) : ""));
            sampleTable.getColumns().add(tableColumn);
        }
        sampleTable.getItems().setAll(preview.sampleRows());
    }

    private static String delimiterName(String delimiter) {
        return switch (delimiter == null ? "," : delimiter) {
            case ";" -> "semicolons";
            case "\t" -> "tabs";
            case "|" -> "bars";
            default -> "commas";
        };
    }

    private void showProgress(ContactImport status) {
        if (status == null) {
            return;
        }
        boolean done = status.finished();
        runTitle.setText(done ? ("DONE".equals(status.status()) ? "Import finished" : "Import failed")
                : "Importing " + status.filename() + "…");
        runProgress.setProgress(status.total() == 0 ? ProgressBar.INDETERMINATE_PROGRESS
                : done ? 1 : (double) status.processed() / status.total());
        runCounts.setText(done ? ImportWizardViewModel.summary(status)
                : String.format("%,d of %,d rows", status.processed(), status.total()));
        boolean rejected = done && status.failed() > 0;
        saveErrors.setVisible(rejected);
        saveErrors.setManaged(rejected);
        errorList.setVisible(rejected);
        errorList.setManaged(rejected);
        errorList.getItems().setAll(status.errors());
    }
}
