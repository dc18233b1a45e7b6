package io.pitcrew.lab;

import io.javalin.Javalin;
import io.javalin.http.Context;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.HexFormat;

/**
 * An in-memory OCI distribution endpoint on 127.0.0.1 standing in for a real registry, whose contents and failures
 * a lab scenario changes while it runs. Manifests and their (small) blobs, read and pushed (monolithic uploads):
 * enough for digest checks and for {@code pitcrew fix sync-mirror} to copy an image. Two flavours, chosen at start:
 * <ul>
 *   <li>{@link #upstream()}: like ghcr.io — anonymous pulls take a bearer token from {@code /token};</li>
 *   <li>{@link #mirror(String)}: like ECR — Basic auth as {@code AWS:<password>}.</li>
 * </ul>
 * Wire shapes follow platform-apis.md "Registries". The password never appears in a response, a log line or
 * {@link #toString()}.
 */
final class LabRegistry implements AutoCloseable {

    /** A failure every manifest request answers with until {@link #clearFailure()}. */
    record Failure(int status, String code, String message, Integer retryAfterSeconds) {}

    static final String ECR_ACCOUNT = "123456789012";
    static final String ECR_REALM = "https://" + ECR_ACCOUNT + ".dkr.ecr.us-east-2.amazonaws.com/";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final SecureRandom RANDOM = new SecureRandom();

    private enum Flavour { UPSTREAM, MIRROR }

    private final Flavour flavour;
    private final byte[] basicExpected; // mirror: the whole "Basic <base64>" header value; null for upstream
    private final Map<String, String> tokens = new ConcurrentHashMap<>(); // upstream: token -> scope it was issued for
    private final Object lock = new Object();
    /** repo -> tag -> digest, and repo -> digest -> manifest; a repository exists once something was put in it. */
    private final Map<String, Map<String, String>> tags = new HashMap<>();
    private final Map<String, Map<String, LabManifest>> manifests = new HashMap<>();
    /** Blobs by digest, shared by all repositories (a real registry scopes them per repository; the lab need not). */
    private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
    private final Map<String, String> uploads = new ConcurrentHashMap<>(); // upload id -> repo
    private volatile Failure failure;
    private final Javalin app;

    private LabRegistry(Flavour flavour, String password) {
        this.flavour = flavour;
        this.basicExpected = password == null ? null
                : ("Basic " + Base64.getEncoder().encodeToString(("AWS:" + password).getBytes(StandardCharsets.UTF_8)))
                        .getBytes(StandardCharsets.UTF_8);
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.get("/v2/", this::base);
            config.routes.get("/token", this::token);
            config.routes.get("/v2/<name>/manifests/{reference}", ctx -> manifest(ctx, false));
            config.routes.head("/v2/<name>/manifests/{reference}", ctx -> manifest(ctx, true));
            config.routes.get("/v2/<name>/tags/list", this::tagsList);
            config.routes.put("/v2/<name>/manifests/{reference}", this::pushManifest);
            config.routes.get("/v2/<name>/blobs/{digest}", ctx -> blob(ctx, false));
            config.routes.head("/v2/<name>/blobs/{digest}", ctx -> blob(ctx, true));
            config.routes.post("/v2/<name>/blobs/uploads", this::startUpload);
            config.routes.put("/v2/<name>/blobs/uploads/{id}", this::finishUpload);
        });
        app.start("127.0.0.1", 0);
    }

    /** A ghcr.io-like registry: anonymous pulls need a bearer token from its {@code /token} realm. */
    static LabRegistry upstream() {
        return new LabRegistry(Flavour.UPSTREAM, null);
    }

    /** An ECR-like registry: Basic auth with username {@code AWS} and this password. */
    static LabRegistry mirror(String password) {
        Objects.requireNonNull(password, "password");
        return new LabRegistry(Flavour.MIRROR, password);
    }

    int port() {
        return app.port();
    }

    /** {@code 127.0.0.1:<port>}, the registry part of an image reference. */
    String host() {
        return "127.0.0.1:" + port();
    }

    /** Stores the manifest {@link LabManifest#ofSeed derived from seed} under repo:tag (moving the tag); returns its digest. */
    String put(String repo, String tag, String seed) {
        LabManifest m = LabManifest.ofSeed(seed);
        blobs.putAll(LabManifest.blobsOfSeed(seed));
        store(repo, tag, m);
        return m.digest();
    }

    /** What {@code crane copy} does: the source's raw manifest bytes under the same repo:tag here, so digests are equal. */
    void copy(LabRegistry from, String repo, String tag) {
        LabManifest m = from.lookup(repo, tag);
        if (m == null) throw new IllegalArgumentException("no " + repo + ":" + tag + " on " + from.host() + " to copy");
        from.blobs.forEach(blobs::putIfAbsent);
        store(repo, tag, m);
    }

    /** The digest a tag points at now, if the registry has it. */
    Optional<String> digest(String repo, String tag) {
        return Optional.ofNullable(lookup(repo, tag)).map(LabManifest::digest);
    }

    /** Removes the tag; the repository stays known (so pulling the tag answers MANIFEST_UNKNOWN, not NAME_UNKNOWN). */
    void delete(String repo, String tag) {
        synchronized (lock) {
            Map<String, String> repoTags = tags.get(repo);
            if (repoTags == null) return;
            String digest = repoTags.remove(tag);
            if (digest != null && !repoTags.containsValue(digest)) manifests.get(repo).remove(digest);
        }
    }

    /** From now on every manifest request (after auth) answers this, e.g. 429 TOOMANYREQUESTS with Retry-After. */
    void failWith(int status, String code, String message, Integer retryAfterSeconds) {
        if (status < 400 || status > 599) throw new IllegalArgumentException("a failure needs a 4xx or 5xx status, not " + status);
        failure = new Failure(status, Objects.requireNonNull(code, "code"), Objects.requireNonNull(message, "message"), retryAfterSeconds);
    }

    void clearFailure() {
        failure = null;
    }

    @Override
    public void close() {
        app.stop();
    }

    @Override
    public String toString() {
        return "LabRegistry[" + flavour.name().toLowerCase() + " " + host() + "]";
    }

    private void store(String repo, String tag, LabManifest m) {
        synchronized (lock) {
            Map<String, String> repoTags = tags.computeIfAbsent(repo, r -> new TreeMap<>());
            Map<String, LabManifest> repoManifests = manifests.computeIfAbsent(repo, r -> new HashMap<>());
            String old = repoTags.put(tag, m.digest());
            repoManifests.put(m.digest(), m);
            if (old != null && !old.equals(m.digest()) && !repoTags.containsValue(old)) repoManifests.remove(old);
        }
    }

    /** The manifest a tag or digest names, or null. */
    private LabManifest lookup(String repo, String reference) {
        synchronized (lock) {
            Map<String, LabManifest> repoManifests = manifests.get(repo);
            if (repoManifests == null) return null;
            String digest = reference.contains(":") ? reference : tags.get(repo).get(reference);
            return digest == null ? null : repoManifests.get(digest);
        }
    }

    private boolean repoKnown(String repo) {
        synchronized (lock) {
            return tags.containsKey(repo);
        }
    }

    // ---- HTTP ----

    private void base(Context ctx) {
        if (!authorized(ctx, null)) return;
        ctx.contentType("application/json").result("{}");
    }

    private void token(Context ctx) {
        if (flavour != Flavour.UPSTREAM) {
            error(ctx, 404, "NOT_FOUND", "no token service here", false);
            return;
        }
        String scope = ctx.queryParam("scope");
        byte[] raw = new byte[24];
        RANDOM.nextBytes(raw);
        String token = "lab-" + HexFormat.of().formatHex(raw);
        tokens.put(token, scope == null ? "" : scope);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token", token);
        body.put("access_token", token);
        ctx.contentType("application/json").result(JSON.writeValueAsString(body));
    }

    private void manifest(Context ctx, boolean head) {
        String repo = ctx.pathParam("name");
        String reference = ctx.pathParam("reference");
        if (!authorized(ctx, repo)) return;
        Failure f = failure;
        if (f != null) {
            if (f.retryAfterSeconds() != null) ctx.header("Retry-After", Integer.toString(f.retryAfterSeconds()));
            error(ctx, f.status(), f.code(), f.message(), head);
            return;
        }
        LabManifest m = lookup(repo, reference);
        if (m == null) {
            if (repoKnown(repo)) error(ctx, 404, "MANIFEST_UNKNOWN", "manifest unknown", head);
            else error(ctx, 404, "NAME_UNKNOWN", "repository name not known to registry", head);
            return;
        }
        ctx.header("Docker-Content-Digest", m.digest());
        ctx.contentType(m.mediaType());
        if (head) {
            ctx.header("Content-Length", Integer.toString(m.size()));
        } else {
            ctx.result(m.bytes());
        }
    }

    /** PUT of a manifest under a tag (moving it) or its digest; the manifest's bytes are kept as sent. */
    private void pushManifest(Context ctx) {
        String repo = ctx.pathParam("name");
        String reference = ctx.pathParam("reference");
        if (!authorized(ctx, repo)) return;
        byte[] body = ctx.bodyAsBytes();
        String type = Objects.requireNonNullElse(ctx.contentType(), LabManifest.OCI_MANIFEST).split(";")[0].strip();
        LabManifest m = new LabManifest(body, type, "sha256:" + HexFormat.of().formatHex(LabManifest.sha256Bytes(body)));
        if (reference.startsWith("sha256:") && !reference.equals(m.digest())) {
            error(ctx, 400, "DIGEST_INVALID", "provided digest did not match uploaded content", false);
            return;
        }
        if (reference.startsWith("sha256:")) {
            synchronized (lock) {
                tags.computeIfAbsent(repo, r -> new TreeMap<>());
                manifests.computeIfAbsent(repo, r -> new HashMap<>()).put(m.digest(), m);
            }
        } else {
            store(repo, reference, m);
        }
        ctx.status(201).header("Docker-Content-Digest", m.digest()).header("Location", "/v2/" + repo + "/manifests/" + m.digest());
    }

    private void blob(Context ctx, boolean head) {
        String repo = ctx.pathParam("name");
        if (!authorized(ctx, repo)) return;
        byte[] b = blobs.get(ctx.pathParam("digest"));
        if (b == null) {
            error(ctx, 404, "BLOB_UNKNOWN", "blob unknown to registry", head);
            return;
        }
        ctx.header("Docker-Content-Digest", ctx.pathParam("digest")).contentType("application/octet-stream");
        if (head) ctx.header("Content-Length", Integer.toString(b.length));
        else ctx.result(b);
    }

    private void startUpload(Context ctx) {
        String repo = ctx.pathParam("name");
        if (!authorized(ctx, repo)) return;
        String id = UUID.randomUUID().toString();
        uploads.put(id, repo);
        ctx.status(202).header("Location", "/v2/" + repo + "/blobs/uploads/" + id).header("Docker-Upload-UUID", id);
    }

    /** The monolithic upload's PUT ?digest=: the blob is kept only when its bytes hash to the digest. */
    private void finishUpload(Context ctx) {
        String repo = ctx.pathParam("name");
        if (!authorized(ctx, repo)) return;
        if (uploads.remove(ctx.pathParam("id")) == null) {
            error(ctx, 404, "BLOB_UPLOAD_UNKNOWN", "blob upload unknown to registry", false);
            return;
        }
        byte[] body = ctx.bodyAsBytes();
        String digest = "sha256:" + HexFormat.of().formatHex(LabManifest.sha256Bytes(body));
        if (!digest.equals(ctx.queryParam("digest"))) {
            error(ctx, 400, "DIGEST_INVALID", "provided digest did not match uploaded content", false);
            return;
        }
        blobs.put(digest, body);
        ctx.status(201).header("Docker-Content-Digest", digest).header("Location", "/v2/" + repo + "/blobs/" + digest);
    }

    private void tagsList(Context ctx) {
        String repo = ctx.pathParam("name");
        if (!authorized(ctx, repo)) return;
        List<String> list;
        synchronized (lock) {
            Map<String, String> repoTags = tags.get(repo);
            list = repoTags == null ? null : new ArrayList<>(repoTags.keySet());
        }
        if (list == null) {
            error(ctx, 404, "NAME_UNKNOWN", "repository name not known to registry", false);
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", repo);
        body.put("tags", list);
        ctx.contentType("application/json").result(JSON.writeValueAsString(body));
    }

    /** True when the request may go on; otherwise the 401 challenge has been written. {@code repo} null for /v2/. */
    private boolean authorized(Context ctx, String repo) {
        String auth = ctx.header("Authorization");
        if (flavour == Flavour.MIRROR) {
            boolean ok = auth != null && MessageDigest.isEqual(auth.strip().getBytes(StandardCharsets.UTF_8), basicExpected);
            if (ok) return true;
            ctx.header("Www-Authenticate", "Basic realm=\"" + ECR_REALM + "\",service=\"ecr.amazonaws.com\"");
            error(ctx, 401, "UNAUTHORIZED", "authentication required", ctx.method().name().equals("HEAD"));
            return false;
        }
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String scope = tokens.get(auth.substring(7).strip());
            if (scope != null && (repo == null || List.of(scope.split(" ")).contains("repository:" + repo + ":pull"))) return true;
        }
        String challenge = "Bearer realm=\"http://" + host() + "/token\",service=\"ghcr.io\""
                + (repo == null ? "" : ",scope=\"repository:" + repo + ":pull\"");
        ctx.header("Www-Authenticate", challenge);
        error(ctx, 401, "UNAUTHORIZED", "authentication required", ctx.method().name().equals("HEAD"));
        return false;
    }

    private static void error(Context ctx, int status, String code, String message, boolean head) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("code", code);
        entry.put("message", message);
        entry.put("detail", Map.of());
        ctx.status(status).contentType("application/json");
        if (!head) ctx.result(JSON.writeValueAsString(Map.of("errors", List.of(entry))));
    }
}
