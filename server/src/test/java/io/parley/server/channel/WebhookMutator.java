package io.parley.server.channel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random damage to a webhook body, the kind a buggy proxy, a new Meta version or an attacker
 * produces: fields dropped or nulled, types swapped, huge or odd strings, deep nesting, extreme
 * numbers, elements duplicated. Seeded, so a failure can be replayed.
 */
final class WebhookMutator {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String HUGE = "x".repeat(200_000);
    private static final String EMOJI = "🧨".repeat(1000);

    private final Random random;

    WebhookMutator(long seed) {
        this.random = new Random(seed);
    }

    /** One to three mutations of {@code root}, in place; returns it. */
    JsonNode mutate(JsonNode root) {
        int times = 1 + random.nextInt(3);
        for (int i = 0; i < times; i++) {
            mutateOnce(root);
        }
        return root;
    }

    private void mutateOnce(JsonNode root) {
        List<JsonNode> containers = new ArrayList<>();
        collect(root, containers);
        JsonNode target = containers.get(random.nextInt(containers.size()));
        if (target instanceof ArrayNode array) {
            mutateArray(array);
            return;
        }
        ObjectNode object = (ObjectNode) target;
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        if (names.isEmpty()) {
            object.put("unexpected", random.nextLong());
            return;
        }
        String field = names.get(random.nextInt(names.size()));
        switch (random.nextInt(13)) {
            case 0 -> object.remove(field);
            case 1 -> object.set(field, MAPPER.createObjectNode().put("unexpected", true));
            case 2 -> object.put(field, HUGE);
            case 3 -> object.put(field, "nul\u0000inside");
            case 4 -> object.put(field, EMOJI);
            case 5 -> object.set(field, deepArray(400));
            case 6 -> object.put(field, Long.MAX_VALUE);
            case 7 -> object.set(field, MAPPER.createArrayNode());
            case 8 -> object.put(field, -1);
            case 9 -> object.put(field, "");
            case 10 -> object.put(field, 1e308);
            case 11 -> object.put(field, "\uD800 lone surrogate and \u202E right-to-left");
            default -> object.putNull(field);
        }
    }

    private void mutateArray(ArrayNode array) {
        if (array.isEmpty()) {
            array.add(MAPPER.createObjectNode());
            return;
        }
        int index = random.nextInt(array.size());
        switch (random.nextInt(4)) {
            case 0 -> array.remove(index);
            case 1 -> array.add(array.get(index).deepCopy());
            case 2 -> array.set(index, MAPPER.getNodeFactory().textNode("not an object"));
            default -> array.insertNull(index);
        }
    }

    private static void collect(JsonNode node, List<JsonNode> out) {
        if (node.isContainerNode()) {
            out.add(node);
            node.forEach(child -> collect(child, out));
        }
    }

    private static ArrayNode deepArray(int depth) {
        ArrayNode root = MAPPER.createArrayNode();
        ArrayNode cursor = root;
        for (int i = 0; i < depth; i++) {
            cursor = cursor.addArray();
        }
        return root;
    }
}
