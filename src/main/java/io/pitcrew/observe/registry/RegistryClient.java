package io.pitcrew.observe.registry;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import io.pitcrew.image.ImageRef;
import io.pitcrew.observe.health.TlsFailure;
import io.pitcrew.redact.Credentials;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads manifest digests over the OCI distribution API, the way crane does, so a digest we report equals the one
 * {@code crane digest} prints for the same tag; and, read only as well, what an image is made of ({@link #inspect}).
 *
 * <p>Auth is answered on demand: the first request goes out bare and a 401 says what the registry wants —
 * {@code Bearer realm,service,scope} (ghcr.io, Docker Hub: fetch a token, anonymous or with the credentials) or
 * {@code Basic} (ECR, htpasswd registries: send the credentials). Credentials and tokens never leave this class
 * except as request headers; results and messages carry only what the registry said.
 */
public final class RegistryClient {

    /**
     * All four manifest types, always together: a registry picks the representation from Accept, and the digest is
     * of that representation, so a different set than crane's would give a different digest for a multi-arch tag.
     */
    static final String ACCEPT = String.join(", ",
            "application/vnd.oci.image.index.v1+json",
            "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.docker.distribution.manifest.v2+json");

    /** Retries after the first attempt, for idempotent requests that failed to connect or got a 5xx. */
    static final int MAX_RETRIES = 2;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern CHALLENGE_PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"|(\\w+)=([^,\\s]+)");

    /**
     * @param timeout      per request (connect and response); a registry that never answers costs this, no more
     * @param credentials  credentials for a registry host, or empty for anonymous access
     * @param insecure     hosts (host[:port]) to talk plain http to besides loopback, e.g. an in-cluster mirror
     * @param retryBackoff pause before a retry (grows linearly with the attempt)
     */
    public record Options(Duration timeout, Function<String, Optional<RegistryCredentials>> credentials,
                          Set<String> insecure, Duration retryBackoff) {
        public static Options defaults() {
            return new Options(Duration.ofSeconds(10), host -> Optional.empty(), Set.of(), Duration.ofMillis(200));
        }

        public Options withTimeout(Duration t) { return new Options(t, credentials, insecure, retryBackoff); }

        public Options withCredentials(Function<String, Optional<RegistryCredentials>> c) { return new Options(timeout, c, insecure, retryBackoff); }

        public Options withInsecure(Set<String> hosts) { return new Options(timeout, credentials, Set.copyOf(hosts), retryBackoff); }

        public Options withRetryBackoff(Duration b) { return new Options(timeout, credentials, insecure, b); }
    }

    private final Options options;
    private final HttpClient http;

    public RegistryClient(Options options) {
        this.options = options;
        this.http = HttpClient.newBuilder()
                .connectTimeout(options.timeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /** Digest and media type of the manifest a tag (or digest) points to, or why there is none. */
    public DigestResult digest(ImageRef ref) {
        URI uri = URI.create(baseUrl(ref.registry()) + "/v2/" + ref.repository() + "/manifests/" + ref.reference());
        try {
            String authorization = null;
            HttpResponse<byte[]> head = send(manifestRequest(uri, "HEAD", null));
            if (head.statusCode() == 401) {
                Optional<String> auth = authorize(ref, head);
                if (auth.isEmpty()) return denied(head, ref, uri, null);
                authorization = auth.get();
                head = send(manifestRequest(uri, "HEAD", authorization));
            }
            int status = head.statusCode();
            Optional<String> digest = head.headers().firstValue("Docker-Content-Digest");
            if (status / 100 == 2 && digest.isPresent()) {
                return new DigestResult.Found(digest.get(), mediaType(head));
            }
            if (status == 429) return rateLimited(head, null);
            // HEAD answers carry no body: a missing digest header, or an error whose code we need, takes a GET.
            HttpResponse<byte[]> get = send(manifestRequest(uri, "GET", authorization));
            DigestResult result = fromGet(get, ref, uri, authorization);
            return result instanceof DigestResult.Missing m && m.code().equals("MANIFEST_UNKNOWN")
                    ? repositoryMissing(ref, authorization).orElse(result) : result;
        } catch (TokenDenied e) {
            return e.result;
        } catch (IOException e) {
            return unreachable(e, uri);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new DigestResult.Unreachable("timeout", "interrupted while asking " + uri.getHost());
        }
    }

    /**
     * What the image a tag (or digest) names is: its manifest's layers, each checked for presence, and its config's
     * user, entrypoint, command, environment and labels. A multi-platform tag is read for linux/amd64 (else its first
     * platform). Read only, with the same auth as {@link #digest}; a registry's refusal or silence is a value.
     */
    public ImageInspection inspect(ImageRef ref) {
        DigestResult found = digest(ref);
        if (!(found instanceof DigestResult.Found f)) return new ImageInspection.Unavailable(found);
        try {
            JsonNode manifest = JSON.readTree(blobOrManifest(ref, "/manifests/" + f.digest(), ACCEPT));
            String digest = f.digest();
            if (manifest.has("manifests")) {
                JsonNode chosen = manifest.path("manifests").path(0);
                for (JsonNode m : manifest.path("manifests")) {
                    if ("linux".equals(m.path("platform").path("os").asString("")) && "amd64".equals(m.path("platform").path("architecture").asString(""))) {
                        chosen = m;
                        break;
                    }
                }
                digest = chosen.path("digest").asString("");
                manifest = JSON.readTree(blobOrManifest(ref, "/manifests/" + digest, ACCEPT));
            }
            JsonNode config = JSON.readTree(blobOrManifest(ref, "/blobs/" + manifest.path("config").path("digest").asString(""), "*/*"));
            List<ImageInspection.Layer> layers = new ArrayList<>();
            for (JsonNode l : manifest.path("layers")) {
                String blob = l.path("digest").asString("");
                layers.add(new ImageInspection.Layer(blob, l.path("size").asLong(), l.path("mediaType").asString(""), blobPresent(ref, blob)));
            }
            JsonNode c = config.path("config");
            Map<String, String> labels = new LinkedHashMap<>();
            c.path("Labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asString("")));
            return new ImageInspection.Image(digest, new ImageInspection.Config(config.path("os").asString(""),
                    config.path("architecture").asString(""), c.path("User").asString(""), strings(c.path("Entrypoint")),
                    strings(c.path("Cmd")), strings(c.path("Env")), c.path("WorkingDir").asString(""), Map.copyOf(labels)), List.copyOf(layers));
        } catch (Unanswered e) {
            return new ImageInspection.Unavailable(e.result);
        } catch (TokenDenied e) {
            return new ImageInspection.Unavailable(e.result);
        } catch (JacksonException e) {
            return new ImageInspection.Unavailable(new DigestResult.Unreachable("unexpected-response",
                    "the manifest or config of " + ref + " is not JSON"));
        } catch (IOException e) {
            return new ImageInspection.Unavailable(unreachable(e, URI.create(baseUrl(ref.registry()))));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ImageInspection.Unavailable(new DigestResult.Unreachable("timeout", "interrupted while asking " + ref.registry()));
        }
    }

    /** GET of a manifest or blob of ref's repository, answering a 401 as {@link #digest} does; else {@link Unanswered}. */
    private byte[] blobOrManifest(ImageRef ref, String path, String accept) throws IOException, InterruptedException {
        URI uri = URI.create(baseUrl(ref.registry()) + "/v2/" + ref.repository() + path);
        HttpResponse<byte[]> r = send(request(uri, "GET", accept, null));
        String authorization = null;
        if (r.statusCode() == 401) {
            Optional<String> auth = authorize(ref, r);
            if (auth.isPresent()) {
                authorization = auth.get();
                r = send(request(uri, "GET", accept, authorization));
            }
        }
        if (r.statusCode() / 100 != 2) throw new Unanswered(fromGet(r, ref, uri, authorization));
        return r.body();
    }

    private boolean blobPresent(ImageRef ref, String digest) throws IOException, InterruptedException {
        URI uri = URI.create(baseUrl(ref.registry()) + "/v2/" + ref.repository() + "/blobs/" + digest);
        HttpResponse<byte[]> r = send(request(uri, "HEAD", "*/*", null));
        if (r.statusCode() == 401) {
            Optional<String> auth = authorize(ref, r);
            if (auth.isPresent()) r = send(request(uri, "HEAD", "*/*", auth.get()));
        }
        return r.statusCode() / 100 == 2;
    }

    private HttpRequest request(URI uri, String method, String accept, String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(options.timeout())
                .method(method, HttpRequest.BodyPublishers.noBody()).header("Accept", accept);
        if (authorization != null) b.header("Authorization", authorization);
        return b.build();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asString("")));
        return List.copyOf(out);
    }

    /** A registry's answer other than the content asked for, carried out of {@link #inspect}'s reads. */
    private static final class Unanswered extends RuntimeException {
        final transient DigestResult result;

        Unanswered(DigestResult result) {
            super(result.describe(), null, false, false);
            this.result = result;
        }
    }

    /**
     * CNCF distribution (and so Harbor, ECR-alikes built on it) answers a manifest of a repository that does not
     * exist with MANIFEST_UNKNOWN, like a missing tag; only the tags list says NAME_UNKNOWN. "Wrong repository" and
     * "tag not pushed yet" need different fixes, so one more GET on this path tells them apart.
     */
    private Optional<DigestResult> repositoryMissing(ImageRef ref, String authorization) throws IOException, InterruptedException {
        URI tags = URI.create(baseUrl(ref.registry()) + "/v2/" + ref.repository() + "/tags/list?n=1");
        HttpRequest.Builder b = HttpRequest.newBuilder(tags).timeout(options.timeout()).GET().header("Accept", "application/json");
        if (authorization != null) b.header("Authorization", authorization);
        HttpResponse<byte[]> response = send(b.build());
        ErrorBody error = ErrorBody.of(response.body());
        if (response.statusCode() == 404 && "NAME_UNKNOWN".equals(error.code())) {
            return Optional.of(new DigestResult.Missing("NAME_UNKNOWN", error.messageOr("repository name not known to registry")));
        }
        return Optional.empty();
    }

    private DigestResult fromGet(HttpResponse<byte[]> get, ImageRef ref, URI uri, String authorization) {
        int status = get.statusCode();
        if (status / 100 == 2) {
            Optional<String> said = get.headers().firstValue("Docker-Content-Digest");
            // without the registry's digest the digest is the bytes': only a manifest's bytes make a digest, else a
            // broken answer would be reported as the image having changed
            if (said.isEmpty() && !isManifest(get.body())) {
                return new DigestResult.Unreachable("unexpected-response", "the answer for " + ref + " from " + uri.getAuthority()
                        + " is not a manifest (HTTP " + status + " without a digest, its body not a manifest's JSON)");
            }
            return new DigestResult.Found(said.orElseGet(() -> sha256(get.body())), mediaType(get));
        }
        ErrorBody error = ErrorBody.of(get.body());
        return switch (status) {
            case 404 -> new DigestResult.Missing(error.codeOr("NOT_FOUND"), error.messageOr("HTTP 404 for " + ref));
            case 401, 403 -> denied(get, ref, uri, authorization);
            case 429 -> rateLimited(get, error);
            default -> status >= 500
                    ? new DigestResult.Unreachable("server-error", "HTTP " + status + " from " + uri.getAuthority() + error.suffix())
                    : new DigestResult.Unreachable("unexpected-response", "HTTP " + status + " from " + uri.getAuthority() + error.suffix());
        };
    }

    /**
     * The Authorization value the 401's challenge asks for, or empty when we cannot answer it (Basic without
     * credentials, an unknown scheme). A token realm that refuses us becomes a {@link TokenDenied}.
     */
    private Optional<String> authorize(ImageRef ref, HttpResponse<?> challenge) throws IOException, InterruptedException {
        String header = challenge.headers().firstValue("Www-Authenticate").orElse("");
        Optional<RegistryCredentials> credentials = options.credentials().apply(ref.registry());
        String scheme = header.strip().split("\\s+", 2)[0];
        if (scheme.equalsIgnoreCase("Basic")) return credentials.map(RegistryCredentials::basicHeader);
        if (!scheme.equalsIgnoreCase("Bearer")) return Optional.empty();

        Map<String, String> params = challengeParams(header.strip().substring(scheme.length()));
        String realm = params.get("realm");
        if (realm == null || realm.isBlank()) return Optional.empty();
        StringBuilder url = new StringBuilder(realm);
        String sep = realm.contains("?") ? "&" : "?";
        if (params.containsKey("service")) {
            url.append(sep).append("service=").append(URLEncoder.encode(params.get("service"), StandardCharsets.UTF_8));
            sep = "&";
        }
        String scope = params.getOrDefault("scope", "repository:" + ref.repository() + ":pull");
        url.append(sep).append("scope=").append(URLEncoder.encode(scope, StandardCharsets.UTF_8));

        URI tokenUri;
        try {
            tokenUri = URI.create(url.toString());
            if (!"https".equals(tokenUri.getScheme()) && !"http".equals(tokenUri.getScheme())) throw new IllegalArgumentException("scheme");
        } catch (IllegalArgumentException e) {
            throw new TokenDenied(new DigestResult.Unreachable("unexpected-response", "token realm is not an http(s) URL: " + realm));
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(tokenUri).timeout(options.timeout()).GET()
                .header("Accept", "application/json");
        credentials.ifPresent(c -> request.header("Authorization", c.basicHeader()));
        HttpResponse<byte[]> response = send(request.build());
        if (response.statusCode() / 100 != 2) {
            ErrorBody error = ErrorBody.of(response.body());
            int status = response.statusCode();
            DigestResult result = status == 429 ? rateLimited(response, error)
                    : status == 401 || status == 403
                    ? new DigestResult.Denied(status, error.codeOr(status == 401 ? "UNAUTHORIZED" : "DENIED"),
                            error.messageOr("token service " + tokenUri.getAuthority() + " refused " + scope))
                    : new DigestResult.Unreachable(status >= 500 ? "server-error" : "unexpected-response",
                            "HTTP " + status + " from token service " + tokenUri.getAuthority() + error.suffix());
            throw new TokenDenied(result);
        }
        String token;
        try {
            JsonNode body = JSON.readTree(response.body());
            // Docker's token spec allows either field; ghcr.io sends "token", some realms "access_token".
            token = body.path("token").asString("");
            if (token.isEmpty()) token = body.path("access_token").asString("");
        } catch (JacksonException e) {
            token = "";
        }
        // A token goes into a header as is; one the header cannot carry would make the client throw, and the
        // JDK's message is not ours to vet for secrets. Printable ASCII is all a bearer token may hold.
        if (token.isEmpty() || !token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new TokenDenied(new DigestResult.Unreachable("unexpected-response",
                    "token service " + tokenUri.getAuthority() + " answered without a usable token"));
        }
        return Optional.of("Bearer " + Credentials.sent(token));
    }

    static Map<String, String> challengeParams(String text) {
        Map<String, String> params = new LinkedHashMap<>();
        Matcher m = CHALLENGE_PARAM.matcher(text);
        while (m.find()) {
            if (m.group(1) != null) params.put(m.group(1).toLowerCase(), m.group(2));
            else params.put(m.group(3).toLowerCase(), m.group(4));
        }
        return params;
    }

    private HttpRequest manifestRequest(URI uri, String method, String authorization) {
        return request(uri, method, ACCEPT, authorization);
    }

    /**
     * Sends an idempotent request (HEAD or GET are all this client sends), retrying connect failures and 5xx at most
     * {@link #MAX_RETRIES} times. Never 4xx: those are answers. Never a request timeout: a registry that does not
     * answer would cost the timeout again on every retry.
     */
    private HttpResponse<byte[]> send(HttpRequest request) throws IOException, InterruptedException {
        for (int attempt = 0; ; attempt++) {
            boolean last = attempt >= MAX_RETRIES;
            try {
                HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() < 500 || last) return response;
            } catch (ConnectException e) {
                if (last) throw e; // a connect timeout is an HttpTimeoutException, not this: never retried
            }
            Thread.sleep(options.retryBackoff().multipliedBy(attempt + 1).toMillis());
        }
    }

    String baseUrl(String registry) {
        String host = registry.startsWith("[") ? registry.substring(0, registry.indexOf(']') + 1)
                : registry.contains(":") ? registry.substring(0, registry.lastIndexOf(':')) : registry;
        boolean loopback = host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]");
        boolean plain = loopback || options.insecure().contains(registry) || options.insecure().contains(host);
        return (plain ? "http://" : "https://") + registry;
    }

    private DigestResult denied(HttpResponse<byte[]> response, ImageRef ref, URI uri, String authorization) {
        ErrorBody error = ErrorBody.of(response.body());
        int status = response.statusCode();
        String fallback = (authorization == null ? "anonymous access" : "the credentials")
                + " refused for " + ref.repository() + " on " + uri.getAuthority();
        return new DigestResult.Denied(status, error.codeOr(status == 401 ? "UNAUTHORIZED" : "DENIED"), error.messageOr(fallback));
    }

    private static DigestResult rateLimited(HttpResponse<?> response, ErrorBody error) {
        Optional<Duration> retryAfter = response.headers().firstValue("Retry-After").flatMap(RegistryClient::retryAfter);
        String message = error == null ? "too many requests" : error.messageOr("too many requests");
        return new DigestResult.RateLimited(retryAfter, message);
    }

    /** Retry-After is either delay-seconds or an HTTP-date. */
    static Optional<Duration> retryAfter(String value) {
        String v = value.strip();
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(v))));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration d = Duration.between(Instant.now(), at);
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (RuntimeException notDate) {
                return Optional.empty();
            }
        }
    }

    private static String mediaType(HttpResponse<?> response) {
        return response.headers().firstValue("Content-Type").map(t -> t.split(";", 2)[0].strip()).orElse("");
    }

    static DigestResult.Unreachable unreachable(Throwable error, URI uri) {
        String where = " (" + uri.getAuthority() + ")";
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof HttpConnectTimeoutException || t instanceof HttpTimeoutException) {
                return new DigestResult.Unreachable("timeout", "no answer within the timeout" + where);
            }
            if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
                return new DigestResult.Unreachable("connection-refused", "unknown host" + where);
            }
            if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
                return new DigestResult.Unreachable("connection-refused", "connection refused" + where);
            }
            if (t instanceof SSLException) {
                return new DigestResult.Unreachable("tls-error", Credentials.excerpt(TlsFailure.describe(t), 300) + where);
            }
        }
        return new DigestResult.Unreachable("io-error", Credentials.excerpt(error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage(), 300) + where);
    }

    /** A JSON object with a manifest's {@code schemaVersion}: an image manifest, an index, or Docker's v2 either. */
    static boolean isManifest(byte[] body) {
        try {
            JsonNode n = JSON.readTree(body);
            return n != null && n.isObject() && n.path("schemaVersion").isNumber();
        } catch (JacksonException e) {
            return false;
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The first entry of an OCI error body {@code {"errors":[{"code","message","detail"}]}}, if there is one. */
    record ErrorBody(String code, String message) {
        static ErrorBody of(byte[] body) {
            if (body == null || body.length == 0) return new ErrorBody(null, null);
            try {
                JsonNode first = JSON.readTree(body).path("errors").path(0);
                String code = Credentials.excerpt(first.path("code").asString(""), 60);
                // a registry or a proxy before it may quote the request, its Authorization header included
                String message = Credentials.excerpt(first.path("message").asString(""), 300);
                return new ErrorBody(code.isEmpty() ? null : code, message.isEmpty() ? null : message);
            } catch (JacksonException e) {
                return new ErrorBody(null, null);
            }
        }

        String codeOr(String fallback) { return code != null ? code : fallback; }

        String messageOr(String fallback) { return message != null ? message : fallback; }

        String suffix() { return code == null ? "" : ": " + code + (message == null ? "" : " " + message); }
    }

    /** A token realm refused us; carries the result so {@link #digest} can return it as a value. */
    private static final class TokenDenied extends RuntimeException {
        final transient DigestResult result;

        TokenDenied(DigestResult result) {
            super(result.toString(), null, false, false);
            this.result = result;
        }
    }
}
