package io.pitcrew.observe.registry;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Pushes a small image through the distribution API (monolithic upload: POST then PUT ?digest=, then the manifest),
 * so tests compare our digest with one computed from bytes we chose.
 */
public record ImagePusher(HttpClient http, String base, RegistryCredentials user) {

    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";

    /** Pushes a config and one layer, then the manifest under {@code tag}; returns the manifest bytes. */
    byte[] push(String repository, String tag, String mediaType, String salt) throws IOException, InterruptedException {
        boolean oci = mediaType.equals(OCI_MANIFEST);
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]},\"salt\":\"" + salt + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        byte[] layer = ("layer " + salt).getBytes(StandardCharsets.UTF_8);
        String configDigest = blob(repository, config);
        String layerDigest = blob(repository, layer);
        String manifest = """
                {"schemaVersion":2,"mediaType":"%s","config":{"mediaType":"%s","digest":"%s","size":%d},\
                "layers":[{"mediaType":"%s","digest":"%s","size":%d}]}""".formatted(
                mediaType,
                oci ? "application/vnd.oci.image.config.v1+json" : "application/vnd.docker.container.image.v1+json",
                configDigest, config.length,
                oci ? "application/vnd.oci.image.layer.v1.tar+gzip" : "application/vnd.docker.image.rootfs.diff.tar.gzip",
                layerDigest, layer.length);
        byte[] bytes = manifest.getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> put = send(request(URI.create(base + "/v2/" + repository + "/manifests/" + tag))
                .header("Content-Type", mediaType).PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)));
        expect(put, 201, "PUT manifest");
        return bytes;
    }

    /**
     * Pushes an OCI image: {@code config} (an OCI image config) and {@code layers} (gzipped tars, or any bytes), then
     * its manifest under {@code tag}; returns the manifest's digest.
     */
    public String pushImage(String repository, String tag, byte[] config, List<byte[]> layers) throws IOException, InterruptedException {
        StringBuilder layerList = new StringBuilder();
        for (byte[] layer : layers) {
            if (!layerList.isEmpty()) layerList.append(',');
            layerList.append("{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"")
                    .append(blob(repository, layer)).append("\",\"size\":").append(layer.length).append('}');
        }
        String manifest = """
                {"schemaVersion":2,"mediaType":"%s","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"%s","size":%d},\
                "layers":[%s]}""".formatted(OCI_MANIFEST, blob(repository, config), config.length, layerList);
        byte[] bytes = manifest.getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> put = send(request(URI.create(base + "/v2/" + repository + "/manifests/" + tag))
                .header("Content-Type", OCI_MANIFEST).PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)));
        expect(put, 201, "PUT manifest");
        return RegistryClient.sha256(bytes);
    }

    private String blob(String repository, byte[] bytes) throws IOException, InterruptedException {
        String digest = RegistryClient.sha256(bytes);
        HttpResponse<String> start = send(request(URI.create(base + "/v2/" + repository + "/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        expect(start, 202, "POST upload");
        URI location = URI.create(base).resolve(start.headers().firstValue("Location").orElseThrow());
        String sep = location.getRawQuery() == null ? "?" : "&";
        HttpResponse<String> put = send(request(URI.create(location + sep + "digest=" + digest))
                .header("Content-Type", "application/octet-stream").PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)));
        expect(put, 201, "PUT blob");
        return digest;
    }

    private HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri);
        if (user != null) b.header("Authorization", user.basicHeader());
        return b;
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws IOException, InterruptedException {
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void expect(HttpResponse<String> r, int status, String what) {
        if (r.statusCode() != status) throw new IllegalStateException(what + " " + r.uri() + " -> " + r.statusCode() + " " + r.body());
    }
}
