package io.parley.desktop.inbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.model.channel.Template;
import io.parley.model.inbox.MessageRequest;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Choosing an approved template for a conversation whose 24-hour window is closed: one field per
 * {@code {{n}}} of its body, and a live preview of what the customer will read.
 */
public final class TemplatePickerViewModel {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(\\d+)}}");

    private final ObservableList<Template> templates = FXCollections.observableArrayList();
    private final ObjectProperty<Template> selected = new SimpleObjectProperty<>();
    private final ObservableList<StringProperty> parameters = FXCollections.observableArrayList();
    private final StringProperty preview = new SimpleStringProperty("");

    public TemplatePickerViewModel(List<Template> available, long channelId) {
        templates.setAll(available.stream()
                .filter(t -> "APPROVED".equals(t.status()) && t.channelId() == channelId).toList());
        selected.addListener((o, a, template) -> prepare(template));
        if (!templates.isEmpty()) {
            selected.set(templates.getFirst());
        }
    }

    private void prepare(Template template) {
        parameters.clear();
        if (template != null) {
            TreeSet<Integer> numbers = new TreeSet<>();
            Matcher m = PLACEHOLDER.matcher(body(template));
            while (m.find()) {
                numbers.add(Integer.parseInt(m.group(1)));
            }
            for (int i = 0; i < (numbers.isEmpty() ? 0 : numbers.last()); i++) {
                StringProperty value = new SimpleStringProperty("");
                value.addListener((o, a, b) -> refreshPreview());
                parameters.add(value);
            }
        }
        refreshPreview();
    }

    private void refreshPreview() {
        Template template = selected.get();
        if (template == null) {
            preview.set("");
            return;
        }
        Matcher m = PLACEHOLDER.matcher(body(template));
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            int index = Integer.parseInt(m.group(1)) - 1;
            String value = index < parameters.size() ? parameters.get(index).get() : "";
            m.appendReplacement(out, Matcher.quoteReplacement(value == null || value.isBlank() ? m.group() : value));
        }
        m.appendTail(out);
        preview.set(out.toString());
    }

    /** True when a template is chosen and every variable has a value. */
    public boolean complete() {
        return selected.get() != null && parameters.stream().allMatch(p -> p.get() != null && !p.get().isBlank());
    }

    /** The template message as the API takes it. */
    public MessageRequest request() {
        Template template = selected.get();
        ObjectNode spec = JsonNodeFactory.instance.objectNode()
                .put("name", template.name()).put("language", template.language());
        if (!parameters.isEmpty()) {
            ArrayNode params = JsonNodeFactory.instance.arrayNode();
            parameters.forEach(p -> params.addObject().put("type", "text").put("text", p.get().strip()));
            spec.putArray("components").addObject().put("type", "body").set("parameters", params);
        }
        return new MessageRequest("template", null, null, spec, null, null, null, null);
    }

    static String body(Template template) {
        for (JsonNode component : template.components()) {
            if ("BODY".equalsIgnoreCase(component.path("type").asText())) {
                return component.path("text").asText("");
            }
        }
        return "";
    }

    public ObservableList<Template> templates() {
        return templates;
    }

    public ObjectProperty<Template> selectedProperty() {
        return selected;
    }

    public ObservableList<StringProperty> parameters() {
        return parameters;
    }

    public StringProperty previewProperty() {
        return preview;
    }
}
