package io.parley.desktop.crm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.desktop.api.EventStream;
import io.parley.desktop.api.ParleyClient;
import io.parley.desktop.app.UiExecutor;
import io.parley.model.crm.ContactImport;
import io.parley.model.crm.CustomField;
import io.parley.model.crm.ImportPreview;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableMap;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Consumer;

/**
 * The contact import wizard: choose a file → check the suggested column mapping against sample
 * rows → options (default country, known numbers skipped or updated, tags for every row) → the
 * import's live progress (from {@code import.progress} events) → the result, with the rejected rows
 * saved as CSV on request.
 */
public final class ImportWizardViewModel implements EventStream.Listener {
    public enum Step { CHOOSE, MAP, OPTIONS, RUNNING, DONE }

    /** A field a column can fill, as the mapping's choice box shows it; a null key leaves the column out. */
    public record Target(String key, String label) {
    }

    private static final List<Target> BUILT_IN = List.of(new Target(null, "(leave out)"),
            new Target("name", "Name"), new Target("firstName", "First name"), new Target("lastName", "Last name"),
            new Target("phone", "Phone"), new Target("email", "Email"), new Target("tags", "Tags"),
            new Target("stage", "Stage"), new Target("owner", "Owner"), new Target("optedOut", "Opted out"));

    private final ContactsApi api;
    private final UiExecutor ui;
    private final Path downloads;
    private final Consumer<ContactImport> finished;
    private final ObjectMapper mapper = ParleyClient.mapper();
    private final ObjectProperty<Step> step = new SimpleObjectProperty<>(Step.CHOOSE);
    private final StringProperty file = new SimpleStringProperty("");
    private final ObjectProperty<ImportPreview> preview = new SimpleObjectProperty<>();
    private final ObservableMap<String, Target> mapping = FXCollections.observableMap(new LinkedHashMap<>());
    private final List<Target> targets = new ArrayList<>(BUILT_IN);
    private final StringProperty defaultCountry = new SimpleStringProperty("");
    private final BooleanProperty update = new SimpleBooleanProperty(false);
    private final StringProperty addTags = new SimpleStringProperty("");
    private final ObjectProperty<ContactImport> progress = new SimpleObjectProperty<>();
    private final StringProperty error = new SimpleStringProperty("");
    private final StringProperty savedErrors = new SimpleStringProperty("");
    private final BooleanProperty busy = new SimpleBooleanProperty(false);

    /**
     * @param downloads where the rejected rows are saved
     * @param finished  told once the import is over (the contact list reloads)
     */
    public ImportWizardViewModel(ContactsApi api, UiExecutor ui, Path downloads, Consumer<ContactImport> finished) {
        this.api = api;
        this.ui = ui;
        this.downloads = downloads;
        this.finished = finished;
    }

    /** The custom fields (as mapping targets) and the organisation's default country. */
    public void load(List<CustomField> fields) {
        fields.forEach(f -> targets.add(new Target("customFields." + f.key(), f.label())));
        ui.run(api::settings, settings -> defaultCountry.set(settings.defaultCountry() == null ? "" : settings.defaultCountry()),
                failure -> error.set(failure.getMessage()));
    }

    /** Reads the chosen file's preview and takes its suggested mapping. */
    public void previewFile() {
        Path path = chosen();
        if (path == null) {
            return;
        }
        busy.set(true);
        error.set("");
        ui.run(() -> api.previewImport(path), answer -> {
            busy.set(false);
            mapping.clear();
            for (String column : answer.columns()) {
                String suggested = answer.suggestedMapping().get(column);
                mapping.put(column, targets.stream().filter(t -> t.key() != null && t.key().equals(suggested)).findFirst()
                        .orElse(BUILT_IN.getFirst()));
            }
            preview.set(answer);
            step.set(Step.MAP);
        }, failure -> {
            busy.set(false);
            error.set(failure.getMessage());
        });
    }

    private Path chosen() {
        String text = file.get() == null ? "" : file.get().strip();
        if (text.isEmpty()) {
            error.set("Choose a CSV or Excel file first.");
            return null;
        }
        Path path = Path.of(text);
        if (!Files.isRegularFile(path)) {
            error.set("There is no file at " + text + ".");
            return null;
        }
        return path;
    }

    /** From the mapping to the options; the phone must be mapped, and each field once (tags aside). */
    public void confirmMapping() {
        long phones = mapping.values().stream().filter(t -> "phone".equals(t.key())).count();
        if (phones != 1) {
            error.set(phones == 0 ? "Pick the column that holds the WhatsApp number (Phone)."
                    : "Only one column can be the phone number.");
            return;
        }
        List<String> twice = mapping.values().stream().filter(t -> t.key() != null && !t.key().equals("tags"))
                .map(Target::label).filter(label -> mapping.values().stream().filter(t -> t.label().equals(label)).count() > 1)
                .distinct().toList();
        if (!twice.isEmpty()) {
            error.set("More than one column fills " + String.join(", ", twice) + ".");
            return;
        }
        error.set("");
        step.set(Step.OPTIONS);
    }

    public void back() {
        error.set("");
        step.set(switch (step.get()) {
            case MAP -> Step.CHOOSE;
            case OPTIONS -> Step.MAP;
            default -> step.get();
        });
    }

    /** Starts the import; its progress arrives as events. */
    public void start() {
        Path path = chosen();
        if (path == null) {
            return;
        }
        String options = options();
        busy.set(true);
        error.set("");
        ui.run(() -> api.startImport(path, options), started -> {
            busy.set(false);
            progress.set(started);
            step.set(Step.RUNNING);
            // An import that finished before its events were listened to is read once more.
            refresh();
        }, failure -> {
            busy.set(false);
            error.set(failure.getMessage());
        });
    }

    String options() {
        ObjectNode options = mapper.createObjectNode();
        ObjectNode columns = options.putObject("mapping");
        mapping.forEach((column, target) -> {
            if (target.key() != null) {
                columns.put(column, target.key());
            }
        });
        String country = defaultCountry.get() == null ? "" : defaultCountry.get().strip();
        if (!country.isEmpty()) {
            options.put("defaultCountry", country.toUpperCase());
        }
        options.put("onDuplicate", update.get() ? "UPDATE" : "SKIP");
        ArrayNode tags = options.putArray("addTags");
        Arrays.stream((addTags.get() == null ? "" : addTags.get()).split(",")).map(String::strip)
                .filter(t -> !t.isEmpty()).forEach(tags::add);
        try {
            return mapper.writeValueAsString(options);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void refresh() {
        ContactImport current = progress.get();
        if (current == null) {
            return;
        }
        ui.run(() -> api.importStatus(current.id()), this::show, failure -> error.set(failure.getMessage()));
    }

    private void show(ContactImport status) {
        ContactImport current = progress.get();
        if (current == null || current.id() != status.id() || step.get() == Step.DONE) {
            return;
        }
        if (!status.finished()) {
            progress.set(status);
            return;
        }
        if (status.errors().isEmpty() && status.failed() > 0) {
            // Events carry the counts only; the finished import is read whole, with its first errors.
            ui.run(() -> api.importStatus(status.id()), this::finish, failure -> error.set(failure.getMessage()));
        } else {
            finish(status);
        }
    }

    private void finish(ContactImport status) {
        progress.set(status);
        step.set(Step.DONE);
        finished.accept(status);
    }

    /** Saves the rejected rows as CSV in the downloads folder; tells where. */
    public void saveErrors(Consumer<Path> saved) {
        ContactImport done = progress.get();
        if (done == null) {
            return;
        }
        ui.run(() -> {
            Files.createDirectories(downloads);
            Path target = downloads.resolve("import-" + done.id() + "-errors.csv");
            api.downloadImportErrors(done.id(), target);
            return target;
        }, target -> {
            savedErrors.set("Saved to " + target);
            saved.accept(target);
        }, failure -> error.set(failure.getMessage()));
    }

    @Override
    public void onEvent(long id, String type, String data) {
        if (!type.equals("import.progress")) {
            return;
        }
        try {
            ContactImport status = mapper.readValue(data, ContactImport.class);
            ui.onUi(() -> show(status));
        } catch (JsonProcessingException e) {
            ui.onUi(() -> error.set("An import.progress event could not be read."));
        }
    }

    @Override
    public void onState(EventStream.State state) {
        if (state == EventStream.State.LIVE) {
            ui.onUi(this::refresh);
        }
    }

    public List<Target> targets() {
        return targets;
    }

    public ObjectProperty<Step> stepProperty() {
        return step;
    }

    public StringProperty fileProperty() {
        return file;
    }

    public ObjectProperty<ImportPreview> previewProperty() {
        return preview;
    }

    public ObservableMap<String, Target> mapping() {
        return mapping;
    }

    public StringProperty defaultCountryProperty() {
        return defaultCountry;
    }

    public BooleanProperty updateProperty() {
        return update;
    }

    public StringProperty addTagsProperty() {
        return addTags;
    }

    public ObjectProperty<ContactImport> progressProperty() {
        return progress;
    }

    public StringProperty errorProperty() {
        return error;
    }

    public StringProperty savedErrorsProperty() {
        return savedErrors;
    }

    public BooleanProperty busyProperty() {
        return busy;
    }

    /** What the import did, in one sentence for the result page. */
    public static String summary(ContactImport status) {
        if ("FAILED".equals(status.status())) {
            return "The import failed: " + status.failure();
        }
        return String.format("%,d created, %,d updated, %,d skipped (already known), %,d rejected — of %,d rows.",
                status.created(), status.updated(), status.skipped(), status.failed(), status.total());
    }
}
