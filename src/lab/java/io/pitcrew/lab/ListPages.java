package io.pitcrew.lab;

import io.fabric8.mockwebserver.http.MockResponse;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Lists in pages, as a real API server answers {@code limit} and {@code continue} (CRUD ignores both and sends
 * everything): the first request takes the whole list as a snapshot, and each page carries a token for the next
 * until the last. serve asks for 500 objects at a time, as kubectl does, so a 10,000-pod region reaches it in pieces
 * here as from a cluster. Only the newest {@value #OPEN} lists being paged are kept; a token of an older one, or an
 * unknown one, is answered 410 Gone, as an API server answers a continue token it can no longer serve. Every list,
 * paged or not, is in an API server's order (namespace, then name), which is also the order serve's caches keep, so
 * doctor's sweep and serve see the objects, and so the evidence, in the same order.
 */
final class ListPages {

    private static final int OPEN = 8;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A list being read page by page: everything but its items, and each item's JSON as CRUD wrote it. */
    private record Snapshot(ObjectNode envelope, List<String> items) {}

    private final Map<String, Snapshot> open = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Snapshot> eldest) {
            return size() > OPEN;
        }
    };

    /** The first {@code limit} items of a whole list (a CRUD answer), with a token for the rest if there is more. */
    synchronized MockResponse first(MockResponse whole, int limit) {
        if (whole.code() != 200) return whole;
        return page(split(whole.getBody().readUtf8()), UUID.randomUUID().toString(), 0, limit);
    }

    /** A whole list (a CRUD answer) in one answer, in the API server's order. */
    synchronized MockResponse whole(MockResponse whole) {
        if (whole.code() != 200) return whole;
        return page(split(whole.getBody().readUtf8()), UUID.randomUUID().toString(), 0, Integer.MAX_VALUE);
    }

    /** The page after the one that handed out {@code token}. */
    synchronized MockResponse next(String token, int limit) {
        int colon = token.lastIndexOf(':');
        Snapshot snapshot = colon < 0 ? null : open.get(token.substring(0, colon));
        if (snapshot == null) {
            return ApiDispatcher.status(410, "Expired", "The provided continue parameter is too old to display a consistent list "
                    + "result. You can start a new list without the continue parameter.");
        }
        return page(snapshot, token.substring(0, colon), Integer.parseInt(token.substring(colon + 1)), limit);
    }

    private MockResponse page(Snapshot snapshot, String id, int from, int limit) {
        int size = snapshot.items().size();
        int to = (int) Math.min(size, (long) from + Math.max(1, limit));
        ObjectNode envelope = snapshot.envelope().deepCopy();
        ObjectNode meta = envelope.has("metadata") ? (ObjectNode) envelope.get("metadata") : envelope.putObject("metadata");
        if (to < size) {
            meta.put("continue", id + ":" + to).put("remainingItemCount", size - to);
            open.put(id, snapshot);
        } else {
            open.remove(id);
        }
        String head = envelope.toString();
        StringBuilder body = new StringBuilder().append(head, 0, head.length() - 1).append(envelope.isEmpty() ? "" : ",").append("\"items\":[");
        for (int i = from; i < to; i++) body.append(i > from ? "," : "").append(snapshot.items().get(i));
        body.append("]}");
        return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json").setBody(body.toString());
    }

    /** An item's JSON text and its key in the API server's storage. */
    private record Keyed(String key, String json) {}

    /**
     * Cuts a list into its envelope and its items' JSON text, without building a tree of every item (10,000 pods), the
     * items in the order an API server lists them: by namespace, then name (its storage's key order; CRUD keeps
     * creation order).
     */
    private static Snapshot split(String list) {
        ObjectNode envelope = JSON.createObjectNode();
        List<Keyed> keyed = new ArrayList<>();
        try (JsonParser p = JSON.createParser(list)) {
            p.nextToken();
            for (String name = p.nextName(); name != null; name = p.nextName()) {
                if (p.nextToken() == JsonToken.START_ARRAY && name.equals("items")) {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        int from = (int) p.currentTokenLocation().getCharOffset();
                        String key = "";
                        for (String field = p.nextName(); field != null; field = p.nextName()) {
                            if (p.nextToken() == JsonToken.START_OBJECT && field.equals("metadata")) {
                                JsonNode meta = p.readValueAsTree();
                                key = meta.path("namespace").asString("") + "/" + meta.path("name").asString("");
                            } else {
                                p.skipChildren();
                            }
                        }
                        keyed.add(new Keyed(key, list.substring(from, (int) p.currentTokenLocation().getCharOffset() + 1)));
                    }
                } else {
                    envelope.set(name, p.<JsonNode>readValueAsTree());
                }
            }
        }
        keyed.sort(Comparator.comparing(Keyed::key));
        return new Snapshot(envelope, keyed.stream().map(Keyed::json).toList());
    }
}
