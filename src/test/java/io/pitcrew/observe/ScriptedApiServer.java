package io.pitcrew.observe;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * A Kubernetes API server reduced to what a list-then-watch client meets, for the pods of every namespace, with the
 * semantics Fabric8's mock server lacks (it ignores resourceVersion, limit and continue):
 * <ul>
 *   <li>every change gets the next resourceVersion and stays in a history until {@link #compact() compacted};</li>
 *   <li>a list with {@code limit} is answered in pages from one snapshot, each page with a {@code continue} token
 *       but the last; without {@code limit}, all at once; a token whose snapshot was {@link #forgetSnapshots()
 *       forgotten} is 410 Gone;</li>
 *   <li>a watch with a {@code resourceVersion} gets the changes after it, then live ones; one older than the
 *       compacted history gets an ERROR event with a 410 Status ("too old resource version") and is closed; a watch
 *       without one gets every pod as a synthetic ADDED first (the API server's "start at most recent").</li>
 * </ul>
 * Every other collection is an empty list whose watch stays open and silent; {@code /version} answers, anything
 * else is 404. The wire format is the API server's: list JSON with {@code metadata.resourceVersion}, and watch
 * streams of {@code {"type":…,"object":…}} lines over HTTP (clients must use HTTP watches: the JDK server has
 * no WebSocket).
 */
public final class ScriptedApiServer implements AutoCloseable {

    public static final String PODS = "/api/v1/pods";

    /** A request for pods as it arrived. */
    public record Request(boolean watch, Map<String, String> query) {}

    private record Change(long revision, String type, ObjectNode pod) {}

    private record Answer(int code, ObjectNode body) {}

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String CLOSE = "";

    private final HttpServer server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final TreeMap<String, ObjectNode> pods = new TreeMap<>();
    private final List<Change> history = new ArrayList<>();
    private final Map<String, List<ObjectNode>> pages = new LinkedHashMap<>();
    private final List<BlockingQueue<String>> podWatches = new CopyOnWriteArrayList<>();
    private final List<BlockingQueue<String>> silentWatches = new CopyOnWriteArrayList<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private long revision = 100;
    /** Changes up to this revision are no longer in the history. */
    private long compactedThrough = revision;
    /** Runs once, after the first pod list was taken and before it is sent. */
    private Consumer<ScriptedApiServer> afterFirstList = s -> {};
    /** What every request for a further page of a pod list is answered, when not the page. */
    private Answer continuedPages;

    public ScriptedApiServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Every request for pods so far, lists and watches. */
    public List<Request> podRequests() {
        return List.copyOf(requests);
    }

    public synchronized void afterFirstList(Consumer<ScriptedApiServer> script) {
        afterFirstList = script;
    }

    public synchronized void add(String namespace, String name) {
        ObjectNode pod = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Pod");
        pod.putObject("metadata").put("namespace", namespace).put("name", name).put("uid", namespace + "-" + name)
                .put("resourceVersion", Long.toString(++revision));
        pod.putObject("spec").putArray("containers").addObject().put("name", "main").put("image", "busybox");
        pod.putObject("status").put("phase", "Running");
        pods.put(namespace + "/" + name, pod);
        publish(new Change(revision, "ADDED", pod));
    }

    public synchronized void delete(String namespace, String name) {
        ObjectNode pod = pods.remove(namespace + "/" + name);
        if (pod == null) throw new IllegalArgumentException("no pod " + namespace + "/" + name);
        ObjectNode gone = pod.deepCopy();
        ((ObjectNode) gone.get("metadata")).put("resourceVersion", Long.toString(++revision));
        publish(new Change(revision, "DELETED", gone));
    }

    /** Forgets the history so far: a watch from an older resourceVersion is now told 410 Gone. */
    public synchronized void compact() {
        compactedThrough = revision;
        history.clear();
    }

    /**
     * The open pod watches end as the API server ends a watch whose resourceVersion it no longer has (an ERROR event
     * with a 410 Status, then the stream closes), and what {@code meanwhile} changes reaches none of them: the
     * history is compacted past it, so only a new list shows it.
     */
    public synchronized void loseWatches(Consumer<ScriptedApiServer> meanwhile) {
        List<BlockingQueue<String>> open = List.copyOf(podWatches);
        podWatches.clear();
        meanwhile.accept(this);
        compact();
        String gone = line("ERROR", tooOld(compactedThrough - 1));
        for (BlockingQueue<String> w : open) {
            w.add(gone);
            w.add(CLOSE);
        }
    }

    /** The snapshots of lists being paged are gone (compacted): their continue tokens are answered 410 Gone. */
    public synchronized void forgetSnapshots() {
        pages.clear();
    }

    /**
     * Every request for a page after the first of a pod list is answered with this status from now on: 410 Gone is a
     * server whose store is compacted faster than any list is read, 500 one that fails midway.
     */
    public synchronized void answerContinuedPages(int code, String reason, String message) {
        continuedPages = new Answer(code, status(code, reason, message));
    }

    /** The latest resourceVersion: what a list taken now carries. */
    public synchronized long revision() {
        return revision;
    }

    private void publish(Change change) {
        history.add(change);
        String line = line(change.type(), change.pod());
        podWatches.forEach(w -> w.add(line));
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            boolean watch = "true".equals(query.get("watch"));
            if (!exchange.getRequestMethod().equals("GET")) {
                send(exchange, 405, status(405, "MethodNotAllowed", "read only"));
            } else if (path.equals("/version")) {
                send(exchange, 200, JSON.createObjectNode().put("major", "1").put("minor", "31").put("gitVersion", "v1.31.0"));
            } else if (path.equals(PODS)) {
                requests.add(new Request(watch, query));
                if (watch) {
                    watchPods(exchange, query.get("resourceVersion"));
                } else {
                    Answer answer = listPods(query);
                    send(exchange, answer.code(), answer.body());
                }
            } else if (path.startsWith("/api/v1/") || path.startsWith("/apis/apps/") || path.startsWith("/apis/karpenter.sh/")) {
                if (watch) {
                    BlockingQueue<String> silent = new LinkedBlockingQueue<>();
                    silentWatches.add(silent);
                    stream(exchange, silent, silentWatches);
                }
                else send(exchange, 200, emptyList());
            } else {
                send(exchange, 404, status(404, "NotFound", "the server could not find the requested resource"));
            }
        }
    }

    private synchronized Answer listPods(Map<String, String> query) {
        List<ObjectNode> snapshot;
        String token = query.get("continue");
        if (token != null && continuedPages != null) return continuedPages;
        if (token != null && !pages.containsKey(token.substring(0, token.indexOf('@')))) {
            return new Answer(410, status(410, "Expired", "The provided continue parameter is too old to display a consistent list result."));
        }
        if (token == null) {
            snapshot = List.copyOf(pods.values());
            token = "snapshot-" + revision;
            pages.put(token, snapshot);
            boolean first = requests.stream().filter(r -> !r.watch()).count() == 1;
            if (first) afterFirstList.accept(this);
        } else {
            snapshot = pages.get(token.substring(0, token.indexOf('@')));
        }
        String snapshotId = token.contains("@") ? token.substring(0, token.indexOf('@')) : token;
        int from = token.contains("@") ? Integer.parseInt(token.substring(token.indexOf('@') + 1)) : 0;
        int limit = query.containsKey("limit") ? Integer.parseInt(query.get("limit")) : Integer.MAX_VALUE;
        int to = (int) Math.min(snapshot.size(), (long) from + limit);
        ObjectNode list = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "PodList");
        ObjectNode meta = list.putObject("metadata").put("resourceVersion", snapshotId.substring("snapshot-".length()));
        if (to < snapshot.size()) meta.put("continue", snapshotId + "@" + to).put("remainingItemCount", snapshot.size() - to);
        ArrayNode items = list.putArray("items");
        for (ObjectNode pod : snapshot.subList(from, to)) {
            ObjectNode item = pod.deepCopy();
            item.remove("apiVersion");
            item.remove("kind");
            items.add(item);
        }
        return new Answer(200, list);
    }

    private void watchPods(HttpExchange exchange, String from) throws IOException {
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        synchronized (this) {
            if (from == null || from.isEmpty() || from.equals("0")) {
                for (ObjectNode pod : pods.values()) events.add(line("ADDED", pod));
            } else if (Long.parseLong(from) < compactedThrough) {
                events.add(line("ERROR", tooOld(Long.parseLong(from))));
                events.add(CLOSE);
            } else {
                long since = Long.parseLong(from);
                history.stream().filter(c -> c.revision() > since).forEach(c -> events.add(line(c.type(), c.pod())));
            }
            if (!events.contains(CLOSE)) podWatches.add(events);
        }
        stream(exchange, events, podWatches);
    }

    /** Writes the events as they come until told to close; {@code open} is where the watch was registered. */
    private static void stream(HttpExchange exchange, BlockingQueue<String> events, List<BlockingQueue<String>> open) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        try {
            for (String line = events.take(); !line.equals(CLOSE); line = events.take()) {
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client went away
        } finally {
            open.remove(events);
        }
    }

    private synchronized ObjectNode emptyList() {
        ObjectNode list = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "List");
        list.putObject("metadata").put("resourceVersion", Long.toString(revision));
        list.putArray("items");
        return list;
    }

    private static ObjectNode tooOld(long asked) {
        return status(410, "Expired", "too old resource version: " + asked);
    }

    private static ObjectNode status(int code, String reason, String message) {
        ObjectNode status = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Status");
        status.putObject("metadata");
        return status.put("status", "Failure").put("message", message).put("reason", reason).put("code", code);
    }

    private static String line(String type, ObjectNode object) {
        ObjectNode event = JSON.createObjectNode().put("type", type);
        event.set("object", object);
        return JSON.writeValueAsString(event);
    }

    private static void send(HttpExchange exchange, int code, ObjectNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(code, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null) return out;
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            out.put(key, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    @Override
    public void close() {
        for (BlockingQueue<String> w : podWatches) w.add(CLOSE);
        for (BlockingQueue<String> w : silentWatches) w.add(CLOSE);
        server.stop(0);
        threads.shutdownNow();
    }
}
