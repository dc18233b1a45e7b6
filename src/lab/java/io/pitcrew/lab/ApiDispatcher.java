package io.pitcrew.lab;

import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * Stands in front of the CRUD dispatcher and answers what a real API server answers but CRUD does not:
 * discovery, pod logs, the Scale subresource, field selectors on any field, typed list kinds, lists in pages
 * ({@code limit} and {@code continue}) and in key order (namespace, then name), access reviews, EndpointSlices, strategic merge patches (served as merge patches, which is what the lab's clients send in practice), and the Tables kubectl prints ({@link Tables}).
 */
final class ApiDispatcher extends Dispatcher {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String EVENT_OBJECT_UID = "involvedObject.uid";

    private final RegionStore store;
    private final LogBook logs;
    private final IntSupplier port;
    private final ReplicaController replicas;
    private final Authorizer authorizer;
    private final ListPages pages = new ListPages();

    /** List requests answered, by collection path ("/api/v1/pods"): each page of a paged list is one. */
    private final Map<String, AtomicInteger> lists = new ConcurrentHashMap<>();

    /** API groups whose service is down: the API server answers 503 for them, discovery included. */
    private final Set<String> unavailable = ConcurrentHashMap.newKeySet();

    ApiDispatcher(RegionStore store, LogBook logs, IntSupplier port, ReplicaController replicas, Authorizer authorizer) {
        this.store = store;
        this.logs = logs;
        this.port = port;
        this.replicas = replicas;
        this.authorizer = authorizer;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String full = request.getPath();
        int q = full.indexOf('?');
        String path = q < 0 ? full : full.substring(0, q);
        Map<String, String> query = query(q < 0 ? "" : full.substring(q + 1));
        String method = request.getMethod();
        try {
            // as kube-apiserver: authentication and authorization before anything is routed, aggregated APIs included
            MockResponse refused = authorizer.check(request, path, query);
            if (refused != null) return refused;
            for (String group : unavailable) {
                if (path.startsWith("/apis/" + group + "/")) {
                    return status(503, "ServiceUnavailable", "the server is currently unable to handle the request");
                }
            }
            if (method.equals("GET")) {
                MockResponse discovery = discovery(path);
                if (discovery != null) return discovery;
            }
            if (method.equals("POST") && path.equals(AccessReviews.PATH)) return AccessReviews.answer(request, authorizer);
            ResourcePath target = ResourcePath.parse(path);
            if (target != null && "log".equals(target.subresource()) && method.equals("GET")) {
                return podLog(target, query);
            }
            if (target != null && "scale".equals(target.subresource()) && target.plural().equals("deployments")) {
                return scale(request, target);
            }
            if (method.equals("PATCH") && contentType(request).contains("strategic-merge-patch")) {
                request = withPath(request, full, "application/merge-patch+json");
            }
            if (method.equals("PUT") && target != null && target.subresource() == null && target.name() != null) {
                request = stampWrite(request, query.getOrDefault("fieldManager", "unknown"));
            }
            if ((method.equals("PUT") || method.equals("PATCH")) && target != null && target.subresource() == null
                    && target.name() != null && target.plural().equals("deployments")) {
                return deploymentWrite(request, target);
            }
            boolean list = method.equals("GET") && target != null && target.name() == null
                    && !"true".equals(query.get("watch"));
            if (list) {
                lists.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
                int limit = query.containsKey("limit") ? Integer.parseInt(query.get("limit")) : 0;
                MockResponse response;
                if (limit > 0 && query.containsKey("continue")) {
                    response = pages.next(query.get("continue"), limit);
                } else {
                    response = endpointSlices(target) ? ok(EndpointSlices.list(store, target.namespace(), query.get("labelSelector")))
                            : query.containsKey("fieldSelector") ? filteredList(request, target, query)
                            : typedList(store.crud().dispatch(request), target);
                    response = limit > 0 ? pages.first(response, limit) : pages.whole(response);
                }
                return asTable(request, target, query, response);
            }
            if (method.equals("GET") && target != null && endpointSlices(target) && target.name() != null) {
                String slice = EndpointSlices.get(store, target.namespace(), target.name());
                return asTable(request, target, query, slice == null
                        ? status(404, "NotFound", "endpointslices.discovery.k8s.io \"" + target.name() + "\" not found") : ok(slice));
            }
            MockResponse response = store.crud().dispatch(request);
            if (response.getWebSocketListener() != null) {
                response.withWebSocketUpgrade(new WatchCloseOffLoop(response.getWebSocketListener()));
            }
            if (method.equals("GET") && target != null && target.name() != null && target.subresource() == null) {
                return asTable(request, target, query, json(response));
            }
            return json(response);
        } catch (RuntimeException e) {
            return status(500, "InternalError", e.toString());
        } finally {
            // roles and bindings are read again after any write to them
            if (Authorizer.writesPolicy(method, path)) authorizer.policyChanged();
        }
    }

    int listRequests(String path) {
        AtomicInteger n = lists.get(path);
        return n == null ? 0 : n.get();
    }

    void unavailable(String group) {
        unavailable.add(group);
    }

    void allAvailable() {
        unavailable.clear();
    }

    private MockResponse discovery(String path) {
        if (path.equals("/version") || path.equals("/version/")) return ok(Discovery.version());
        if (path.equals("/api")) return ok(Discovery.coreVersions(port.getAsInt()));
        if (path.equals("/apis")) return ok(Discovery.groups());
        if (path.equals("/api/v1")) return ok(Discovery.resources("v1").orElseThrow());
        if (path.startsWith("/apis/") && path.chars().filter(c -> c == '/').count() == 3) {
            return Discovery.resources(path.substring("/apis/".length()))
                    .map(ApiDispatcher::ok)
                    .orElseGet(() -> status(404, "NotFound", "the server could not find the requested resource"));
        }
        if (path.startsWith("/openapi/")) return status(404, "NotFound", "the server could not find the requested resource");
        return null;
    }

    // --- logs -----------------------------------------------------------------------------------------------

    private MockResponse podLog(ResourcePath target, Map<String, String> query) {
        String podJson = store.get(ApiResource.byPlural("v1", "pods").orElseThrow().collectionPath(target.namespace()),
                target.name());
        if (podJson == null) {
            return status(404, "NotFound", "pods \"" + target.name() + "\" not found");
        }
        JsonNode pod = JSON.readTree(podJson);
        List<String> containers = new ArrayList<>();
        pod.path("spec").path("containers").forEach(c -> containers.add(c.path("name").asString()));
        String container = query.get("container");
        if (container == null && containers.size() > 1) {
            return status(400, "BadRequest", "a container name must be specified for pod " + target.name()
                    + ", choose one of: " + containers);
        }
        if (container != null && !containers.contains(container)) {
            return status(400, "BadRequest", "container " + container + " is not valid for pod " + target.name());
        }
        if ("true".equals(query.get("previous"))) {
            // the lab keeps no previous container's logs (LogBook): the kubelet's answer for one that never restarted
            return status(400, "BadRequest", "previous terminated container \""
                    + (container == null ? containers.getFirst() : container) + "\" in pod \""
                    + target.name() + "\" not found");
        }
        List<ContainerLine> lines = logs.current(target.namespace(), target.name());
        if (query.containsKey("sinceSeconds")) {
            Instant since = Instant.now().minusSeconds(Long.parseLong(query.get("sinceSeconds")));
            lines = lines.stream().filter(l -> !l.time().isBefore(since)).toList();
        } else if (query.containsKey("sinceTime")) {
            Instant since = Instant.parse(query.get("sinceTime"));
            lines = lines.stream().filter(l -> !l.time().isBefore(since)).toList();
        }
        if (query.containsKey("tailLines")) {
            int tail = Integer.parseInt(query.get("tailLines"));
            lines = lines.subList(Math.max(0, lines.size() - Math.max(0, tail)), lines.size());
        }
        boolean timestamps = "true".equals(query.get("timestamps"));
        StringBuilder body = new StringBuilder();
        for (ContainerLine line : lines) {
            // the kubelet prefixes RFC3339Nano and a space
            if (timestamps) body.append(DateTimeFormatter.ISO_INSTANT.format(line.time())).append(' ');
            body.append(line.text()).append('\n');
        }
        return new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/plain").setBody(body.toString());
    }

    // --- deployments ----------------------------------------------------------------------------------------

    /**
     * A write to a Deployment as the API server takes it (CRUD checks the resourceVersion), then what its controller
     * does: pods follow spec.replicas, and a changed pod template (kubectl rollout restart) replaces them.
     */
    private MockResponse deploymentWrite(RecordedRequest request, ResourcePath target) {
        synchronized (replicas) {
            String collection = ApiResource.byPlural("apps/v1", "deployments").orElseThrow().collectionPath(target.namespace());
            String before = store.get(collection, target.name());
            MockResponse response = json(store.crud().dispatch(request));
            String after = store.get(collection, target.name());
            if (response.code() >= 300 || before == null || after == null) return response;
            JsonNode b = JSON.readTree(before);
            JsonNode a = JSON.readTree(after);
            boolean rolled = !b.path("spec").path("template").equals(a.path("spec").path("template"));
            int wanted = a.path("spec").path("replicas").asInt(1);
            if (!rolled && wanted == a.path("status").path("replicas").asInt(-1)) return response;
            return ok(replicas.reconcile(target.namespace(), target.name(), rolled));
        }
    }

    /**
     * What the API server records of every write: who (the field manager) and when, in managedFields. Checks read
     * "last written" from it (a pull secret's age), so a fix's write must show.
     */
    private static RecordedRequest stampWrite(RecordedRequest request, String manager) {
        JsonNode body;
        try {
            body = JSON.readTree(request.getUtf8Body());
        } catch (RuntimeException notJson) {
            return request;
        }
        if (!(body instanceof ObjectNode object) || !(object.path("metadata") instanceof ObjectNode meta)) return request;
        ArrayNode fields = JSON.createArrayNode();
        ObjectNode entry = fields.addObject();
        entry.put("manager", manager);
        entry.put("operation", "Update");
        entry.put("apiVersion", object.path("apiVersion").asString(""));
        entry.put("time", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        meta.set("managedFields", fields);
        return new RecordedRequest(request.getHttpVersion(), request.method(), request.getPath(), request.getHeaders(),
                new Buffer(object.toString().getBytes(StandardCharsets.UTF_8)));
    }

    // --- scale ----------------------------------------------------------------------------------------------

    private MockResponse scale(RecordedRequest request, ResourcePath target) {
        String collection = ApiResource.byPlural("apps/v1", "deployments").orElseThrow().collectionPath(target.namespace());
        String deploymentJson = store.get(collection, target.name());
        if (deploymentJson == null) {
            return status(404, "NotFound", "deployments.apps \"" + target.name() + "\" not found");
        }
        JsonNode deployment = JSON.readTree(deploymentJson);
        switch (request.getMethod()) {
            case "GET" -> { }
            case "PUT", "PATCH" -> {
                JsonNode body = JSON.readTree(request.getUtf8Body());
                JsonNode wanted = body.path("spec").path("replicas");
                if (!wanted.isNumber()) return status(422, "Invalid", "spec.replicas: Required value");
                // A Scale sent with a resourceVersion is conditional on it, as on a real API server.
                String sent = body.path("metadata").path("resourceVersion").asString("");
                String current = deployment.path("metadata").path("resourceVersion").asString("");
                if (!sent.isEmpty() && !sent.equals(current)) {
                    return status(409, "Conflict", "Operation cannot be fulfilled on deployments.apps \"" + target.name()
                            + "\": the object has been modified; please apply your changes to the latest version and try again");
                }
                deployment = JSON.readTree(replicas.scale(target.namespace(), target.name(), wanted.asInt()));
            }
            default -> {
                return status(405, "MethodNotAllowed", "the server does not allow this method on the requested resource");
            }
        }
        return ok(scaleOf(deployment).toString());
    }

    private static ObjectNode scaleOf(JsonNode deployment) {
        ObjectNode scale = JSON.createObjectNode();
        scale.put("kind", "Scale");
        scale.put("apiVersion", "autoscaling/v1");
        ObjectNode meta = scale.putObject("metadata");
        for (String f : List.of("name", "namespace", "uid", "resourceVersion", "creationTimestamp")) {
            meta.set(f, deployment.path("metadata").path(f));
        }
        scale.putObject("spec").put("replicas", deployment.path("spec").path("replicas").asInt());
        ObjectNode status = scale.putObject("status");
        status.put("replicas", deployment.path("status").path("replicas").asInt());
        List<String> selector = new ArrayList<>();
        deployment.path("spec").path("selector").path("matchLabels").properties()
                .forEach(e -> selector.add(e.getKey() + "=" + e.getValue().asString()));
        status.put("selector", String.join(",", selector));
        return scale;
    }

    // --- lists ----------------------------------------------------------------------------------------------

    /** Field selectors on any field: CRUD only knows metadata.name and metadata.namespace. */
    private MockResponse filteredList(RecordedRequest request, ResourcePath target, Map<String, String> query) {
        List<FieldTerm> terms = FieldTerm.parse(query.get("fieldSelector"));
        // the uid term last: it may look the event's object up
        terms.sort(Comparator.comparing(t -> t.field().equals(EVENT_OBJECT_UID)));
        Map<String, String> rest = new LinkedHashMap<>(query);
        rest.remove("fieldSelector");
        String path = request.getPath();
        String base = path.substring(0, path.indexOf('?') < 0 ? path.length() : path.indexOf('?'));
        MockResponse response = store.crud().dispatch(withPath(request, base + encode(rest), null));
        if (response.code() != 200) return json(response);
        JsonNode list = JSON.readTree(response.getBody().readUtf8());
        ArrayNode kept = JSON.createArrayNode();
        list.path("items").forEach(item -> {
            if (terms.stream().allMatch(t -> t.matches(item) || recordedWithoutUid(t, item))) kept.add(item);
        });
        ((ObjectNode) list).set("items", kept);
        return typedList(ok(list.toString()), target);
    }

    /**
     * {@code kubectl describe} asks for an object's events by its uid as well as its name (involvedObject.uid). The
     * lab's events name their object without a uid (they are made before the store gives the object one), so such an
     * event is the object's when the object it names has that uid now.
     */
    private boolean recordedWithoutUid(FieldTerm term, JsonNode event) {
        JsonNode involved = event.path("involvedObject");
        if (!term.field().equals(EVENT_OBJECT_UID) || !term.equal() || !involved.path("uid").asString("").isEmpty()) return false;
        return ApiResource.byKind(involved.path("apiVersion").asString(""), involved.path("kind").asString(""))
                .map(r -> store.get(r.collectionPath(involved.path("namespace").asString(null)), involved.path("name").asString("")))
                .map(object -> JSON.readTree(object).path("metadata").path("uid").asString("").equals(term.value()))
                .orElse(false);
    }

    /** kubectl asks for a Table to print its columns: every kind {@link Tables} has a printer for gets one. */
    private static MockResponse asTable(RecordedRequest request, ResourcePath target, Map<String, String> query,
                                        MockResponse response) {
        if (response.code() != 200 || !Tables.asked(request.getHeader("Accept"))) return response;
        var printer = Tables.of(target.groupVersion(), target.plural());
        if (printer.isEmpty()) return response;
        String table = Tables.render(printer.get(), JSON.readTree(response.getBody().readUtf8()), query.get("includeObject"),
                Instant.now());
        return ok(table).setHeader("Content-Type", "application/json;as=Table;v=v1;g=meta.k8s.io");
    }

    /** EndpointSlices are the endpoint-slice controller's: the lab makes them from Services and pods when asked. */
    private static boolean endpointSlices(ResourcePath target) {
        return target.groupVersion().equals("discovery.k8s.io/v1") && target.plural().equals("endpointslices");
    }

    /** CRUD calls every list "List"; kubectl top (and typed decoders) want "NodeMetricsList" and the like. */
    private static MockResponse typedList(MockResponse response, ResourcePath target) {
        if (response.code() != 200) return json(response);
        String body = response.getBody().readUtf8();
        String generic = "{\"apiVersion\":\"v1\",\"kind\":\"List\"";
        var resource = ApiResource.byPlural(target.groupVersion(), target.plural());
        if (body.startsWith(generic) && resource.isPresent()) {
            body = "{\"apiVersion\":\"" + target.groupVersion() + "\",\"kind\":\"" + resource.get().kind() + "List\""
                    + body.substring(generic.length());
        }
        return ok(body);
    }

    // --- plumbing -------------------------------------------------------------------------------------------

    private static RecordedRequest withPath(RecordedRequest request, String path, String contentType) {
        var headers = contentType == null ? request.getHeaders()
                : request.getHeaders().newBuilder().set("Content-Type", contentType).build();
        return new RecordedRequest(request.getHttpVersion(), request.method(), path, headers, request.getBody());
    }

    private static String contentType(RecordedRequest request) {
        String ct = request.getHeader("Content-Type");
        return ct == null ? "" : ct;
    }

    private static MockResponse json(MockResponse response) {
        if (response.getHeaders().header("Content-Type") == null) response.setHeader("Content-Type", "application/json");
        return response;
    }

    private static MockResponse ok(String body) {
        return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json").setBody(body);
    }

    static MockResponse status(int code, String reason, String message) {
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
                .setBody(statusBody(code, reason, message).toString());
    }

    /** A failure as the API server words it: a v1 Status. */
    static ObjectNode statusBody(int code, String reason, String message) {
        ObjectNode s = JSON.createObjectNode();
        s.put("kind", "Status");
        s.put("apiVersion", "v1");
        s.putObject("metadata");
        s.put("status", "Failure");
        s.put("message", message);
        s.put("reason", reason);
        s.put("code", code);
        return s;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }

    private static String encode(Map<String, String> query) {
        if (query.isEmpty()) return "";
        List<String> pairs = new ArrayList<>();
        query.forEach((k, v) -> pairs.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return "?" + String.join("&", pairs);
    }

    /** The parts of a resource URL: /api/v1/namespaces/ns/pods/name/log and the like. */
    record ResourcePath(String groupVersion, String namespace, String plural, String name, String subresource) {

        static ResourcePath parse(String path) {
            String[] s = path.replaceAll("^/+|/+$", "").split("/");
            int i;
            String gv;
            if (s.length >= 3 && s[0].equals("api")) {
                gv = s[1];
                i = 2;
            } else if (s.length >= 4 && s[0].equals("apis")) {
                gv = s[1] + "/" + s[2];
                i = 3;
            } else {
                return null;
            }
            String namespace = null;
            if (s[i].equals("namespaces") && s.length - i >= 3) {
                namespace = s[i + 1];
                i += 2;
            }
            String plural = s[i];
            String name = s.length > i + 1 ? s[i + 1] : null;
            String sub = s.length > i + 2 ? s[i + 2] : null;
            return new ResourcePath(gv, namespace, plural, name, sub);
        }
    }

    /** One term of a field selector: status.phase=Pending, spec.nodeName!=x. */
    record FieldTerm(String field, String value, boolean equal) {

        static List<FieldTerm> parse(String selector) {
            List<FieldTerm> terms = new ArrayList<>();
            for (String t : selector.split(",")) {
                if (t.isBlank()) continue;
                if (t.contains("!=")) {
                    terms.add(new FieldTerm(t.substring(0, t.indexOf("!=")).trim(), t.substring(t.indexOf("!=") + 2).trim(), false));
                } else {
                    String[] kv = t.split("==?", 2);
                    terms.add(new FieldTerm(kv[0].trim(), kv.length > 1 ? kv[1].trim() : "", true));
                }
            }
            return terms;
        }

        boolean matches(JsonNode object) {
            JsonNode node = object;
            for (String part : field.split("\\.")) node = node.path(part);
            String actual = node.isMissingNode() || node.isNull() ? "" : node.asString();
            return actual.equals(value) == equal;
        }
    }
}
