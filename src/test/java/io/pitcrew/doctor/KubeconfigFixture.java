package io.pitcrew.doctor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Writes a kubeconfig with one context per region, each pointing at a test server. */
public final class KubeconfigFixture {

    private KubeconfigFixture() {}

    public static Path write(Path dir, Map<String, String> serverByContext) throws IOException {
        StringBuilder y = new StringBuilder("apiVersion: v1\nkind: Config\nclusters:\n");
        serverByContext.forEach((ctx, url) -> y.append("- name: ").append(ctx).append("\n  cluster:\n    server: ").append(url).append('\n'));
        y.append("contexts:\n");
        serverByContext.keySet().forEach(ctx -> y.append("- name: ").append(ctx).append("\n  context:\n    cluster: ").append(ctx)
                .append("\n    user: ").append(ctx).append('\n'));
        y.append("users:\n");
        serverByContext.keySet().forEach(ctx -> y.append("- name: ").append(ctx).append("\n  user:\n    token: test-token\n"));
        y.append("current-context: ").append(serverByContext.keySet().iterator().next()).append('\n');
        Path file = dir.resolve("kubeconfig");
        Files.writeString(file, y);
        return file;
    }
}
