package io.pitcrew.act;

import io.pitcrew.image.ImageRef;
import io.pitcrew.observe.registry.RegistryCredentials;
import io.pitcrew.redact.Credentials;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Copies an image registry to registry over the OCI distribution API, in crane's order: every blob first (skipping
 * those the target has), then each child manifest of an index by digest, then the manifest under the tag. The
 * manifest bytes are copied unchanged, so the target's digest equals the source's. Blobs pass through a temporary
 * file, checked against their digest, never held in memory whole. Credentials go only into request headers.
 */
public final class ImageCopy {

    static final String ACCEPT = String.join(", ",
            "application/vnd.oci.image.index.v1+json",
            "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.docker.distribution.manifest.v2+json");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern CHALLENGE = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    /** What a copy did: the digest now under the tag, and how many blobs had to be sent. */
    public record Copied(String digest, int manifests, int blobsSent, int blobsPresent) {}

    private final HttpClient http;
    private final Function<String, Optional<RegistryCredentials>> credentials;
    private final Duration timeout;
    /** Authorization per registry, repository and actions: one token exchange per scope, not per request. */
    private final Map<String, String> authorizations = new HashMap<>();

    public ImageCopy(Function<String, Optional<RegistryCredentials>> credentials, Duration timeout) {
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
        this.credentials = credentials;
        this.timeout = timeout;
    }

    public Copied copy(ImageRef from, ImageRef to) {
        try {
            Manifest top = manifest(from, from.reference());
            int manifests = 1;
            Set<String> blobs = new LinkedHashSet<>();
            Map<String, Manifest> children = new LinkedHashMap<>();
            if (top.isIndex()) {
                for (JsonNode child : top.json().path("manifests")) {
                    String digest = child.path("digest").asString();
                    Manifest m = manifest(from, digest);
                    children.put(digest, m);
                    blobs.addAll(m.blobs());
                }
            } else {
                blobs.addAll(top.blobs());
            }
            int sent = 0;
            for (String blob : blobs) if (copyBlob(from, to, blob)) sent++;
            for (var child : children.entrySet()) {
                putManifest(to, child.getKey(), child.getValue());
                manifests++;
            }
            putManifest(to, to.tag() != null ? to.tag() : top.digest(), top);
            return new Copied(top.digest(), manifests, sent, blobs.size() - sent);
        } catch (IOException e) {
            throw new ActionFailed("copying " + from + " to " + to + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ActionFailed("copying " + from + " to " + to + ": interrupted", e);
        }
    }

    private record Manifest(byte[] bytes, String mediaType, String digest, JsonNode json) {
        boolean isIndex() {
            String type = mediaType.isEmpty() ? json.path("mediaType").asString("") : mediaType;
            return type.contains("index") || type.contains("manifest.list") || json.has("manifests");
        }

        Set<String> blobs() {
            Set<String> out = new LinkedHashSet<>();
            if (json.path("config").has("digest")) out.add(json.path("config").path("digest").asString());
            json.path("layers").forEach(l -> out.add(l.path("digest").asString()));
            return out;
        }
    }

    private Manifest manifest(ImageRef ref, String reference) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = send(ref, "pull", request(ref, "/manifests/" + reference).GET().header("Accept", ACCEPT));
        expect(r, 200, "GET manifest " + ref.registry() + "/" + ref.repository() + ":" + reference);
        String type = r.headers().firstValue("Content-Type").orElse("").split(";")[0].strip();
        return new Manifest(r.body(), type, sha256(r.body()), JSON.readTree(r.body()));
    }

    private void putManifest(ImageRef to, String reference, Manifest m) throws IOException, InterruptedException {
        String type = m.mediaType().isEmpty() ? m.json().path("mediaType").asString() : m.mediaType();
        HttpResponse<byte[]> r = send(to, "pull,push", request(to, "/manifests/" + reference)
                .header("Content-Type", type).PUT(HttpRequest.BodyPublishers.ofByteArray(m.bytes())));
        expect(r, 201, "PUT manifest " + to.registry() + "/" + to.repository() + ":" + reference);
    }

    /** Copies one blob unless the target has it; true when it was sent. */
    private boolean copyBlob(ImageRef from, ImageRef to, String digest) throws IOException, InterruptedException {
        HttpResponse<byte[]> head = send(to, "pull,push", request(to, "/blobs/" + digest).method("HEAD", HttpRequest.BodyPublishers.noBody()));
        if (head.statusCode() == 200) return false;
        Path tmp = Files.createTempFile("pitcrew-blob", ".bin");
        try {
            HttpResponse<InputStream> get = sendStream(from, request(from, "/blobs/" + digest).GET());
            if (get.statusCode() != 200) {
                try (InputStream in = get.body()) {
                    expect(get.statusCode(), new String(in.readNBytes(300), StandardCharsets.UTF_8), 200, "GET blob " + digest + " from " + from.registry());
                }
            }
            MessageDigest sha = sha();
            try (InputStream in = new DigestInputStream(get.body(), sha)) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            String got = "sha256:" + HexFormat.of().formatHex(sha.digest());
            if (!got.equals(digest)) throw new IOException("blob " + digest + " from " + from.registry() + " hashes to " + got);
            HttpResponse<byte[]> start = send(to, "pull,push", request(to, "/blobs/uploads/").POST(HttpRequest.BodyPublishers.noBody()));
            expect(start, 202, "POST upload to " + to.registry());
            URI location = URI.create(base(to.registry()) + "/").resolve(start.headers().firstValue("Location")
                    .orElseThrow(() -> new IOException("upload to " + to.registry() + " started without a Location")));
            String sep = location.getRawQuery() == null ? "?" : "&";
            HttpResponse<byte[]> put = send(to, "pull,push", HttpRequest.newBuilder(URI.create(location + sep + "digest="
                    + URLEncoder.encode(digest, StandardCharsets.UTF_8))).timeout(timeout.multipliedBy(30))
                    .header("Content-Type", "application/octet-stream").PUT(HttpRequest.BodyPublishers.ofFile(tmp)));
            expect(put, 201, "PUT blob " + digest + " to " + to.registry());
            return true;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private HttpRequest.Builder request(ImageRef ref, String path) {
        return HttpRequest.newBuilder(URI.create(base(ref.registry()) + "/v2/" + ref.repository() + path)).timeout(timeout);
    }

    /** Sends with the authorization this scope needs, answering a 401 challenge once (Basic or Bearer). */
    private HttpResponse<byte[]> send(ImageRef ref, String actions, HttpRequest.Builder b) throws IOException, InterruptedException {
        String key = ref.registry() + "/" + ref.repository() + ":" + actions;
        String auth = authorizations.get(key);
        if (auth != null) b.setHeader("Authorization", auth);
        HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 401 || auth != null) return r;
        auth = authorize(ref, actions, r.headers().firstValue("Www-Authenticate").orElse(""));
        authorizations.put(key, auth);
        return http.send(b.setHeader("Authorization", auth).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<InputStream> sendStream(ImageRef ref, HttpRequest.Builder b) throws IOException, InterruptedException {
        String key = ref.registry() + "/" + ref.repository() + ":pull";
        String auth = authorizations.get(key);
        if (auth != null) b.setHeader("Authorization", auth);
        return http.send(b.timeout(timeout.multipliedBy(30)).build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    private String authorize(ImageRef ref, String actions, String challenge) throws IOException, InterruptedException {
        Optional<RegistryCredentials> user = credentials.apply(ref.registry());
        String scheme = challenge.strip().split("\\s+", 2)[0];
        if (scheme.equalsIgnoreCase("Basic")) {
            return user.map(ImageCopy::basic).orElseThrow(() -> new IOException(ref.registry()
                    + " wants a user name and password (HTTP 401) and none is configured"));
        }
        if (!scheme.equalsIgnoreCase("Bearer")) throw new IOException(ref.registry() + " answered 401 with an unknown challenge");
        Map<String, String> params = new HashMap<>();
        Matcher m = CHALLENGE.matcher(challenge);
        while (m.find()) params.put(m.group(1).toLowerCase(), m.group(2));
        String scope = "repository:" + ref.repository() + ":" + actions;
        StringBuilder url = new StringBuilder(params.getOrDefault("realm", ""));
        url.append(url.indexOf("?") < 0 ? "?" : "&").append("scope=").append(URLEncoder.encode(scope, StandardCharsets.UTF_8));
        if (params.containsKey("service")) url.append("&service=").append(URLEncoder.encode(params.get("service"), StandardCharsets.UTF_8));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url.toString())).timeout(timeout).GET();
        user.ifPresent(u -> b.header("Authorization", basic(u)));
        HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) throw new IOException("the token service of " + ref.registry() + " refused " + scope + " (HTTP " + r.statusCode() + ")");
        JsonNode body = JSON.readTree(r.body());
        String token = body.path("token").asString(body.path("access_token").asString(""));
        if (token.isEmpty()) throw new IOException("the token service of " + ref.registry() + " answered without a token");
        return "Bearer " + Credentials.sent(token);
    }

    private static String basic(RegistryCredentials c) {
        return "Basic " + Base64.getEncoder().encodeToString((c.username() + ":" + c.password()).getBytes(StandardCharsets.UTF_8));
    }

    private static String base(String registry) {
        String host = registry.contains(":") ? registry.substring(0, registry.lastIndexOf(':')) : registry;
        boolean loopback = host.equals("localhost") || host.equals("127.0.0.1");
        return (loopback ? "http://" : "https://") + registry;
    }

    private static void expect(HttpResponse<byte[]> r, int status, String what) throws IOException {
        expect(r.statusCode(), new String(r.body(), StandardCharsets.UTF_8), status, what);
    }

    private static void expect(int got, String body, int status, String what) throws IOException {
        if (got == status) return;
        // scrubbed before it is cut: a registry (or a proxy) may quote the request's Authorization header
        String excerpt = Credentials.excerpt(body, 200);
        throw new IOException(what + ": HTTP " + got + (excerpt.isBlank() ? "" : " " + excerpt));
    }

    private static MessageDigest sha() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(byte[] bytes) {
        return "sha256:" + HexFormat.of().formatHex(sha().digest(bytes));
    }
}
