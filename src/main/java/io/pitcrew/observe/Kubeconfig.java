package io.pitcrew.observe;

import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import io.pitcrew.config.Region;
import io.pitcrew.yaml.InvalidInputException;
import io.pitcrew.yaml.Problem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A kubeconfig file, read once, that hands out one client configuration per region's context. */
public final class Kubeconfig {

    private final Path path;
    private final String content;
    private final List<String> contexts;

    private Kubeconfig(Path path, String content, List<String> contexts) {
        this.path = path;
        this.content = content;
        this.contexts = contexts;
    }

    /** Reads and parses the file; unreadable or malformed files are an {@link InvalidInputException}. */
    public static Kubeconfig read(Path path) {
        String content;
        try {
            content = Files.readString(path);
        } catch (IOException e) {
            throw new InvalidInputException(new Problem(path.toString(), 0, "", "cannot read the kubeconfig: " + e.getMessage(),
                    "pass --kubeconfig FILE, set KUBECONFIG, or check the file's permissions"));
        }
        try {
            var parsed = KubeConfigUtils.parseConfigFromString(content);
            List<String> names = parsed == null || parsed.getContexts() == null ? List.of()
                    : parsed.getContexts().stream().map(NamedContext::getName).toList();
            return new Kubeconfig(path, content, names);
        } catch (RuntimeException e) {
            throw new InvalidInputException(new Problem(path.toString(), 0, "", "not a valid kubeconfig: " + firstLine(e.getMessage()),
                    "check the file is a kubeconfig (apiVersion: v1, kind: Config, clusters/contexts/users)"));
        }
    }

    public Path path() { return path; }

    public List<String> contexts() { return contexts; }

    /** Fails with every region whose context is missing, naming the contexts the file has. */
    public void requireContexts(List<Region> regions) {
        List<Problem> problems = new ArrayList<>();
        for (Region r : regions) {
            if (!contexts.contains(r.context())) {
                problems.add(new Problem(path.toString(), 0, "", "region " + r.name() + ": context '" + r.context()
                        + "' is not in the kubeconfig (it has: " + (contexts.isEmpty() ? "none" : String.join(", ", contexts)) + ")",
                        "set regions[].context in pitcrew.yaml to one of those, or add the context to the kubeconfig"));
            }
        }
        if (!problems.isEmpty()) throw new InvalidInputException(problems);
    }

    /** A client configuration for one context, failing fast: no retries, the sweep's own timeout per request. */
    public Config clientConfig(String context, int requestTimeoutMillis) {
        Config config = Config.fromKubeconfig(context, content, path.toString());
        config.setRequestTimeout(requestTimeoutMillis);
        config.setRequestRetryBackoffLimit(0);
        return config;
    }

    private static String firstLine(String s) {
        if (s == null) return "unknown error";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
