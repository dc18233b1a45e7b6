package io.pitcrew.lab;

import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A manifest as a lab registry stores it: the raw bytes (what the digest is of, and what a copy carries), their
 * media type and {@code sha256:} digest.
 */
record LabManifest(byte[] bytes, String mediaType, String digest) {

    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    LabManifest {
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    int size() {
        return bytes.length;
    }

    /**
     * An OCI image manifest whose bytes depend only on {@code seed}: one config and one layer, small blobs whose
     * contents derive from the seed ({@link #blobsOfSeed}), and the seed as an annotation. Same seed, same digest;
     * another seed, another digest. The registry that stores it serves its blobs too, so it can be copied.
     */
    static LabManifest ofSeed(String seed) {
        Map<String, byte[]> blobs = blobsOfSeed(seed);
        var it = blobs.entrySet().iterator();
        var config = it.next();
        var layer = it.next();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schemaVersion", 2);
        m.put("mediaType", OCI_MANIFEST);
        m.put("config", descriptor("application/vnd.oci.image.config.v1+json", config.getKey(), config.getValue().length));
        m.put("layers", List.of(descriptor("application/vnd.oci.image.layer.v1.tar+gzip", layer.getKey(), layer.getValue().length)));
        m.put("annotations", Map.of("io.pitcrew.lab.seed", seed));
        byte[] bytes = JSON.writeValueAsBytes(m);
        return new LabManifest(bytes, OCI_MANIFEST, "sha256:" + HexFormat.of().formatHex(sha256Bytes(bytes)));
    }

    /** The config and the layer of {@link #ofSeed}'s manifest, by digest, in that order. */
    static Map<String, byte[]> blobsOfSeed(String seed) {
        Map<String, byte[]> blobs = new LinkedHashMap<>();
        for (String content : List.of("{\"architecture\":\"amd64\",\"os\":\"linux\",\"seed\":\"" + seed + "\"}", "layer:" + seed)) {
            byte[] b = content.getBytes(StandardCharsets.UTF_8);
            blobs.put("sha256:" + HexFormat.of().formatHex(sha256Bytes(b)), b);
        }
        return blobs;
    }

    private static Map<String, Object> descriptor(String mediaType, String digest, int size) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("mediaType", mediaType);
        d.put("digest", digest);
        d.put("size", size);
        return d;
    }

    static byte[] sha256Bytes(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabManifest other && Arrays.equals(bytes, other.bytes)
                && mediaType.equals(other.mediaType) && digest.equals(other.digest);
    }

    @Override
    public int hashCode() {
        return digest.hashCode();
    }

    @Override
    public String toString() {
        return "LabManifest[" + mediaType + " " + digest + ", " + bytes.length + " bytes]";
    }
}
