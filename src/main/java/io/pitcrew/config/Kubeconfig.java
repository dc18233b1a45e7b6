package io.pitcrew.config;

import io.fabric8.kubernetes.api.model.AuthInfo;
import io.fabric8.kubernetes.api.model.Context;
import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import io.fabric8.kubernetes.api.model.NamedCluster;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.pitcrew.redact.Credentials;
import io.pitcrew.yaml.InvalidInputException;
import io.pitcrew.yaml.Problem;
import io.pitcrew.yaml.YamlDocument;
import tools.jackson.core.JsonPointer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The kubeconfig as kubectl sees it: its files merged, each region's context found in it, and a Fabric8 client
 * configuration made for a context.
 *
 * <p>The files are merged with kubectl's rules (client-go's {@code ClientConfigLoadingRules.Load},
 * k8s.io/client-go/tools/clientcmd/loader.go; "Merging kubeconfig files" in "Organizing Cluster Access Using
 * kubeconfig Files", kubernetes.io/docs/concepts/configuration/organize-cluster-access-kubeconfig):
 * <ul>
 *   <li>clusters, users and contexts are maps by name, and the first file to set a name wins: if two files define a
 *   user {@code red-user}, only the first file's is used, even its fields the second file's does not set;</li>
 *   <li>{@code current-context} is the first file's that sets one;</li>
 *   <li>relative file references are relative to the file that holds them ({@link KubeconfigFile});</li>
 *   <li>a file that cannot be read or parsed is an error naming it (missing ones were skipped by
 *   {@link KubeconfigLocator}).</li>
 * </ul>
 * pitcrew does not use {@code current-context}: every region names its own context.
 */
public final class Kubeconfig {

    /** Enough to recognise one's contexts; a kubeconfig of a whole organisation's clusters is not listed whole. */
    private static final int LISTED = 20;

    private final KubeconfigSources sources;
    private final Map<String, NamedContext> contexts;
    private final Map<String, NamedCluster> clusters;
    private final Map<String, NamedAuthInfo> users;
    private final Optional<String> currentContext;
    /** Contexts pitcrew makes itself instead of reading them: EKS clusters reached from the AWS identity, its own cluster. */
    private final Map<String, Supplier<Config>> made;

    private Kubeconfig(KubeconfigSources sources, Map<String, NamedContext> contexts, Map<String, NamedCluster> clusters,
                       Map<String, NamedAuthInfo> users, Optional<String> currentContext, Map<String, Supplier<Config>> made) {
        this.sources = sources;
        this.contexts = contexts;
        this.clusters = clusters;
        this.users = users;
        this.currentContext = currentContext;
        this.made = made;
    }

    /** No kubeconfig file at all (a pod whose regions are all reached without one); {@link #withMade} adds contexts. */
    public static Kubeconfig none() {
        return new Kubeconfig(null, Map.of(), Map.of(), Map.of(), Optional.empty(), Map.of());
    }

    /**
     * This kubeconfig and one context more that pitcrew makes rather than reads, under the region's context name: an
     * EKS cluster reached from the AWS identity ({@code regions[].eks}) or the cluster pitcrew runs in
     * ({@code inCluster: true}). {@code how} runs when a client is configured, and throws, saying why, when the
     * cluster cannot be reached that way. A made context wins over a file's of the same name.
     */
    public Kubeconfig withMade(String context, Supplier<Config> how) {
        Map<String, Supplier<Config>> more = new LinkedHashMap<>(made);
        more.put(context, how);
        return new Kubeconfig(sources, contexts, clusters, users, currentContext, Map.copyOf(more));
    }

    /** Whether {@code context} is one pitcrew makes ({@link #withMade}) rather than one read from a file. */
    public boolean isMade(String context) {
        return made.containsKey(context);
    }

    /** One kubeconfig file, read alone. */
    public static Kubeconfig read(Path file) {
        return read(KubeconfigSources.of(file));
    }

    /** Reads and merges the files; every file that cannot be used is a problem naming it (and its line). */
    public static Kubeconfig read(KubeconfigSources sources) {
        List<KubeconfigFile> files = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (Path file : sources.files()) {
            try {
                files.add(KubeconfigFile.read(file));
            } catch (InvalidInputException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) throw new InvalidInputException(problems);
        Map<String, NamedContext> contexts = new LinkedHashMap<>();
        Map<String, NamedCluster> clusters = new LinkedHashMap<>();
        Map<String, NamedAuthInfo> users = new LinkedHashMap<>();
        Optional<String> current = Optional.empty();
        for (KubeconfigFile f : files) {
            var c = f.config();
            firstWins(contexts, c.getContexts(), NamedContext::getName);
            firstWins(clusters, c.getClusters(), NamedCluster::getName);
            firstWins(users, c.getUsers(), NamedAuthInfo::getName);
            if (current.isEmpty() && c.getCurrentContext() != null && !c.getCurrentContext().isEmpty()) {
                current = Optional.of(c.getCurrentContext());
            }
        }
        users.values().stream().map(NamedAuthInfo::getUser).filter(Objects::nonNull).forEach(Kubeconfig::sent);
        return new Kubeconfig(sources, contexts, clusters, users, current, Map.of());
    }

    private static <T> void firstWins(Map<String, T> merged, List<T> entries, Function<T, String> name) {
        if (entries == null) return;
        for (T entry : entries) {
            String n = name.apply(entry);
            if (n != null) merged.putIfAbsent(n, entry);
        }
    }

    /** The files read, first one first. */
    public List<Path> files() { return sources == null ? List.of() : sources.files(); }

    /** Every context's name, in the order kubectl merges them, then those pitcrew makes. */
    public List<String> contexts() {
        List<String> all = new ArrayList<>(contexts.keySet());
        made.keySet().stream().filter(c -> !contexts.containsKey(c)).forEach(all::add);
        return List.copyOf(all);
    }

    /** The {@code current-context} of the first file that sets one. */
    public Optional<String> currentContext() { return currentContext; }

    /**
     * A Fabric8 client configuration for one context, made as {@code kubectl --context} would use it: the context,
     * and the cluster and user it names, each as the merge chose it. It is handed to Fabric8 as a kubeconfig of that
     * one context (its public {@code Config.fromKubeconfig}), so Fabric8 does with it what it does with any kubeconfig
     * (TLS, proxy, exec plugins, auth providers). Two things it cannot do there are added: refreshing an exec token
     * (it would read the context's file again, and a merged kubeconfig has none) and reading a {@code tokenFile}.
     */
    public Config clientConfig(String context) {
        if (made.containsKey(context)) return made.get(context).get();
        NamedContext named = contexts.get(context);
        if (named == null) throw new IllegalArgumentException("context '" + context + "' is not in the kubeconfig (" + where() + ")");
        Context c = named.getContext();
        KubeContext one = new KubeContext(named, c == null || c.getCluster() == null ? null : clusters.get(c.getCluster()),
                c == null || c.getUser() == null ? null : users.get(c.getUser()));
        String text = one.kubeconfig();
        Config config = Config.fromKubeconfig(text);
        Optional<AuthInfo> auth = one.auth();
        if (auth.isPresent() && auth.get().getExec() != null) {
            // the plugin has run once already (Fabric8 runs it while reading); a run that failed is tried again
            config.setOauthTokenProvider(new RefreshingToken(config.getAutoOAuthToken(),
                    () -> Config.fromKubeconfig(text).getAutoOAuthToken(), Clock.systemUTC()));
        } else if (auth.isPresent() && isEmpty(auth.get().getToken()) && !isEmpty(auth.get().getTokenFile())
                && auth.get().getAuthProvider() == null) {
            // kubectl: a token wins over a tokenFile; the file is read again, as it may be rotated under us
            Path file = Path.of(auth.get().getTokenFile());
            config.setOauthTokenProvider(new RefreshingToken(null, () -> tokenIn(file), Clock.systemUTC()));
        }
        return config;
    }

    /**
     * Why {@code context} cannot be used, or empty when it can: it is not in the kubeconfig, or it names a cluster
     * that is not (the client would otherwise talk to a default server nobody meant).
     */
    public Optional<String> unusable(String context) {
        if (made.containsKey(context)) return Optional.empty();
        NamedContext named = contexts.get(context);
        if (named == null) {
            String have = contexts.isEmpty() ? "it has no contexts at all" : "contexts: " + listed();
            return Optional.of("context '" + context + "' is not in the kubeconfig (" + where() + "; " + have + ")");
        }
        String cluster = named.getContext() == null ? null : named.getContext().getCluster();
        if (cluster == null || cluster.isEmpty()) {
            return Optional.of("context '" + context + "' names no cluster (" + where() + ")");
        }
        if (!clusters.containsKey(cluster)) {
            return Optional.of("context '" + context + "' names cluster '" + cluster + "', which is not in the kubeconfig ("
                    + where() + "; " + (clusters.isEmpty() ? "it has no clusters" : "clusters: " + String.join(", ", clusters.keySet())) + ")");
        }
        return Optional.empty();
    }

    /** How to fix a region whose context is unusable, with the nearest context's name when it looks like a typo. */
    String fixFor(Region region, String howToChoose) {
        String hint = NearestKey.to(region.context(), contexts.keySet()).map(c -> "did you mean " + c + "? ").orElse("");
        return hint + howToChoose + ", or add this region's cluster to the kubeconfig, e.g. aws eks update-kubeconfig "
                + "--name <cluster> --region <region> --alias " + region.context();
    }

    /**
     * A problem for each region whose context this kubeconfig cannot give, placed where that context was set: on
     * {@code --context}, at its line in pitcrew.yaml, or, for the runbook's default regions (no pitcrew.yaml), on
     * the region itself.
     *
     * @param regions   the regions, in pitcrew.yaml's order (their index is their place in the file)
     * @param configDoc pitcrew.yaml, when the regions came from one
     */
    public List<Problem> missingContexts(List<Region> regions, Optional<YamlDocument> configDoc, ContextOverrides overrides) {
        List<Problem> problems = new ArrayList<>();
        for (int i = 0; i < regions.size(); i++) {
            Region r = regions.get(i);
            Optional<String> why = unusable(r.context());
            if (why.isEmpty()) continue;
            if (overrides.overrides(r.name())) {
                problems.add(new Problem("--context " + r.name() + "=" + r.context(), 0, "", why.get(),
                        fixFor(r, "give a context of the kubeconfig (kubectl config get-contexts lists them)")));
            } else if (configDoc.isPresent()) {
                problems.add(configDoc.get().problem(JsonPointer.compile("/regions/" + i + "/context"),
                        "region " + r.name() + ": " + why.get(),
                        fixFor(r, "set context: to one of the kubeconfig's contexts")));
            } else {
                problems.add(new Problem("region " + r.name(), 0, "", why.get(),
                        fixFor(r, "pass --context " + r.name() + "=CONTEXT with one of them, or write a pitcrew.yaml "
                                + "whose regions[].context names them")));
            }
        }
        return problems;
    }

    /** {@link #missingContexts(List, Optional, ContextOverrides)} for every region of a pitcrew.yaml, as written. */
    public List<Problem> missingContexts(PitcrewConfig config, YamlDocument configDoc) {
        return missingContexts(config.regions(), Optional.of(configDoc), ContextOverrides.NONE);
    }

    /** Fails with every region whose context this kubeconfig cannot give: the last check before connecting. */
    public void requireContexts(List<Region> regions) {
        List<Problem> problems = missingContexts(regions, Optional.empty(), ContextOverrides.NONE);
        if (!problems.isEmpty()) throw new InvalidInputException(problems);
    }

    /** {@code file: a} or {@code files: a, b}: which kubeconfig this is, for messages. */
    public String where() {
        return sources == null ? "no kubeconfig file" : sources.describe();
    }

    private String listed() {
        List<String> names = contexts();
        if (names.size() <= LISTED) return String.join(", ", names);
        return String.join(", ", names.subList(0, LISTED)) + " and " + (names.size() - LISTED) + " more";
    }

    /**
     * Every credential a user entry holds is sent to its API server by the client, so an API server (or a proxy in
     * front of it) that echoes its request must not bring one into a report. A token an exec plugin makes (EKS's
     * {@code aws eks get-token}) is not in the file: {@link RefreshingToken} registers it, and {@link Credentials#scrub}
     * knows its shape besides.
     */
    private static void sent(AuthInfo user) {
        Credentials.sent(user.getToken());
        if (!isEmpty(user.getTokenFile())) Credentials.sent(tokenIn(Path.of(user.getTokenFile())));
        Credentials.sentBasic(user.getUsername(), user.getPassword());
        Credentials.sent(user.getClientKeyData());
        if (user.getAuthProvider() != null && user.getAuthProvider().getConfig() != null) {
            user.getAuthProvider().getConfig().forEach((key, value) -> {
                if (key.endsWith("token") || key.endsWith("secret")) Credentials.sent(value);
            });
        }
    }

    /** The token a user entry's {@code tokenFile} holds, as the client will send it; null when it cannot be read. */
    private static String tokenIn(Path file) {
        try {
            return Files.size(file) <= 64 * 1024 ? Files.readString(file).strip() : null;
        } catch (IOException | RuntimeException e) {
            return null; // the API server's 401 says the rest
        }
    }

    private static boolean isEmpty(String s) {
        return s == null || s.isEmpty();
    }
}
