package io.pitcrew.lab;

import io.fabric8.mockwebserver.http.MockResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lists in pages, as a real API server answers {@code limit} and {@code continue} (CRUD ignores both and sends
 * everything): the first request takes the whole list as a snapshot, and each page carries a token for the next
 * until the last. serve asks for 500 objects at a time, as kubectl does, so a 10,000-pod region reaches it in pieces
 * here as from a cluster. A token unknown, or older than {@link #KEPT}, is answered 410 Gone, as an API server answers
 * a continue token whose snapshot it no longer has.
 */
final class ListPages {

    private static final Duration KEPT = Duration.ofMinutes(5);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A list being read page by page: its envelope (kind, metadata) and its items. */
    private record Snapshot(ObjectNode envelope, ArrayNode items, Instant taken) {}

    private final Map<String, Snapshot> open = new ConcurrentHashMap<>();

    /** The first {@code limit} items of a whole list (a CRUD answer), with a token for the rest if there is more. */
    MockResponse first(MockResponse whole, int limit) {
        if (whole.code() != 200) return whole;
        ObjectNode list = (ObjectNode) JSON.readTree(whole.getBody().readUtf8());
        JsonNode items = list.remove("items");
        Snapshot snapshot = new Snapshot(list, items instanceof ArrayNode a ? a : JSON.createArrayNode(), Instant.now());
        return page(snapshot, UUID.randomUUID().toString(), 0, limit);
    }

    /** The page after the one that handed out {@code token}. */
    MockResponse next(String token, int limit) {
        Instant now = Instant.now();
        open.values().removeIf(s -> s.taken().plus(KEPT).isBefore(now));
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
        ObjectNode page = snapshot.envelope().deepCopy();
        ObjectNode meta = page.has("metadata") ? (ObjectNode) page.get("metadata") : page.putObject("metadata");
        if (to < size) {
            meta.put("continue", id + ":" + to).put("remainingItemCount", size - to);
            open.put(id, snapshot);
        } else {
            open.remove(id);
        }
        ArrayNode items = page.putArray("items");
        for (int i = from; i < to; i++) items.add(snapshot.items().get(i));
        return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json").setBody(page.toString());
    }
}
