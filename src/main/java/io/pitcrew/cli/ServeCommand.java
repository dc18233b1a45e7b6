package io.pitcrew.cli;

import io.pitcrew.config.Kubeconfig;
import io.pitcrew.config.PitcrewConfig;
import io.pitcrew.config.Serving;
import io.pitcrew.config.UserHome;
import io.pitcrew.server.Serve;
import io.pitcrew.server.ServeSettings;
import io.pitcrew.server.access.LocalToken;
import io.pitcrew.server.access.TokenFile;
import io.pitcrew.server.access.Tokens;
import io.pitcrew.server.detection.LeaseName;
import io.pitcrew.server.http.StreamCaps;
import io.pitcrew.store.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code pitcrew serve}: doctor's checks, continuously, from watches; findings over an HTTP API. */
@Command(name = "serve", mixinStandardHelpOptions = true, subcommands = ServeTokenCommand.class,
        description = {"Watch every region and diagnose continuously: dashboard at /, status page at /status, JSON API.",
                "Lists each kind the checks read once per region and then watches it; polls metrics, log tails and the "
                        + "probes; re-runs the diagnosis within --debounce of every change. Read-only, like doctor."},
        footer = {"", "Examples:",
                "  PITCREW_SERVE_TOKEN=... pitcrew serve --config lab/pitcrew.yaml --kubeconfig lab/kubeconfig",
                "  pitcrew serve --token-file /run/secrets/pitcrew-token --port 8461",
                "  pitcrew serve token --tokens tokens.yaml --name alice --role responder   (prints alice's token once)",
                "  pitcrew serve --tokens tokens.yaml --config lab/pitcrew.yaml",
                "  pitcrew serve --lease pitcrew/pitcrew-serve --db jdbc:postgresql://db:5432/pitcrew   (one of several replicas)",
                "", "Roles: viewer reads; responder also writes notes, updates, checklist, plans and applies actions;",
                "       commander also declares, sets severity and roles, resolves. --token-file's token is a commander.",
                "API (Authorization: Bearer TOKEN, or a browser session from /login; sessions send X-CSRF-Token):",
                "  GET /api/findings, /api/regions, /api/report (doctor --server), /api/stream (SSE), /api/incidents[/ID], /api/audit,",
                "      /api/findings/ID/actions",
                "  POST /api/incidents[/ID/notes|ack|checklist|updates|link|severity|roles|resolve], /api/actions/plan|apply",
                "  GET /healthz, /readyz, /metrics open. See docs/serve.md (Security, API)."})
final class ServeCommand implements Callable<Integer> {

    @Mixin
    PlatformOptions platform;

    @Mixin
    StoreOptions storeOptions;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE})")
    String bind;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8461", description = "Port to listen on, 1-65535 (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--heartbeat", paramLabel = "DURATION", converter = DurationOption.Heartbeat.class, defaultValue = "15s",
            description = "How often a quiet event stream is written to (a comment), so a client that left is noticed and "
                    + "its socket closed (default: ${DEFAULT-VALUE})")
    Duration heartbeat;

    @Option(names = "--max-streams", paramLabel = "N", defaultValue = "" + StreamCaps.DEFAULT_TOTAL,
            description = "Event streams (/api/stream and /status/stream) open at once; beyond it 503 (default: ${DEFAULT-VALUE})")
    int maxStreams;

    @Option(names = "--max-streams-per-client", paramLabel = "N", defaultValue = "" + StreamCaps.DEFAULT_PER_CLIENT,
            description = "Event streams one client address may hold open; everyone behind one NAT or proxy shares it "
                    + "(default: ${DEFAULT-VALUE})")
    int maxStreamsPerClient;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "File holding one bearer token, a commander named operator (default: $PITCREW_SERVE_TOKEN)")
    Path tokenFile;

    @Option(names = "--tokens", paramLabel = "FILE",
            description = "Tokens file: names, roles and SHA-256 hashes (pitcrew serve token adds one; default: serve.tokens in pitcrew.yaml). "
                    + "Without any token, serve makes a commander token in ~/.pitcrew/serve-token")
    Path tokensFile;

    @Option(names = "--debounce", paramLabel = "DURATION", converter = DurationOption.Debounce.class, defaultValue = "200ms",
            description = "Changes gathered into one evaluation (default: ${DEFAULT-VALUE})")
    Duration debounce;

    @Option(names = "--resolve-grace", paramLabel = "DURATION", converter = DurationOption.Hold.class, defaultValue = "60s",
            description = "How long a finding must be gone before it is resolved (default: ${DEFAULT-VALUE})")
    Duration grace;

    @Option(names = "--new-for", paramLabel = "DURATION", converter = DurationOption.Hold.class, defaultValue = "60s",
            description = "How long a finding is 'new' before it is 'ongoing' (default: ${DEFAULT-VALUE})")
    Duration newFor;

    @Option(names = "--keep-resolved", paramLabel = "DURATION", converter = DurationOption.Hold.class, defaultValue = "1h",
            description = "How long resolved findings stay listed (default: ${DEFAULT-VALUE})")
    Duration keepResolved;

    @Option(names = "--liveness", paramLabel = "DURATION", converter = DurationOption.Interval.class,
            description = "How often each API server is asked whether it still answers (default: serve.liveness in pitcrew.yaml, else 2s)")
    Duration liveness;

    @Option(names = "--poll", paramLabel = "DURATION", converter = DurationOption.Interval.class,
            description = "Interval for metrics.k8s.io and log tails, which cannot be watched (default: serve.poll in pitcrew.yaml, else 10s)")
    Duration poll;

    @Option(names = "--probe-interval", paramLabel = "DURATION", converter = DurationOption.Interval.class,
            description = "Interval for the DNS, mirror, health, Coder and LiteLLM probes (default: serve.probeInterval in pitcrew.yaml, else 15s)")
    Duration probeInterval;

    @Option(names = "--lease", paramLabel = "NAMESPACE/NAME",
            description = "Elect one leader among several serves with this coordination.k8s.io Lease in the control-plane region: "
                    + "every replica watches and answers; only the leader writes finding transitions to incident timelines and "
                    + "announces them. Replicas share one PostgreSQL store (--db). Default: none, this serve leads alone")
    String lease;

    @Option(names = "--drill-notify",
            description = "Send notifications (Slack, PagerDuty, GitHub) while a drill runs; by default they are held (docs/drills.md)")
    boolean drillNotify;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        // before anything is read or started: 0 would be "any free port", which nobody could find
        if (port < 1 || port > 65535) throw new IllegalArgumentException("--port " + port + ": not a port: choose one of 1-65535 (default 8461)");
        StreamCaps caps = new StreamCaps(maxStreamsPerClient, maxStreams);
        Optional<LeaseName> leaseName = Optional.ofNullable(lease).map(ServeCommand::leaseName);
        PlatformOptions.Loaded loaded = platform.loadConfig();
        PitcrewConfig config = loaded.config();
        Kubeconfig kubeconfig = platform.loadKubeconfig(loaded);
        Serving serving = config.serve();
        Optional<Path> listed = Optional.ofNullable(tokensFile).or(serving::tokens);
        Optional<Path> single = Optional.ofNullable(tokenFile);
        boolean own = listed.isEmpty() && single.isEmpty() && System.getenv(Tokens.ENV) == null;
        // no token given at all: a commander token of serve's own, in a file only this user can read, never printed
        Path ownToken = UserHome.system().serveToken();
        if (own) {
            UserHome.system().createPitcrew();
            LocalToken.readOrCreate(ownToken);
            single = Optional.of(ownToken);
        }
        Tokens tokens = TokenFile.given(listed, single);
        ServeSettings settings = new ServeSettings(bind, port, debounce, grace, newFor, keepResolved,
                liveness == null ? serving.liveness() : liveness,
                poll == null ? serving.poll() : poll,
                probeInterval == null ? serving.probeInterval() : probeInterval, heartbeat, caps).withDrillNotify(drillNotify);
        if (leaseName.isPresent()) settings = settings.withLease(leaseName.get());
        CountDownLatch stopped = new CountDownLatch(1);
        Store store = storeOptions.open(Store.Access.WRITE, spec.commandLine().getErr());
        if (leaseName.isPresent() && store.vendor() == Store.Vendor.SQLITE) {
            // not refused: serves on one machine may share the file. Replicas in pods or on other machines cannot, and
            // each would announce every finding its own store has not seen.
            spec.commandLine().getErr().println("warning: --lease with the SQLite store " + store.where() + ": every replica must "
                    + "use this one file, so all run on this machine; replicas on several machines or pods need one PostgreSQL store "
                    + "(--db jdbc:postgresql://HOST:5432/DB), or a new leader announces again what the last one did");
        }
        Serve serve;
        try {
            serve = Serve.open(config, kubeconfig, platform.loadRunbook(config), settings, tokens, store).watch();
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        String base = "http://" + bind + ":" + serve.port();
        var err = spec.commandLine().getErr();
        err.println("pitcrew serve: watching " + config.regions().size() + " regions (Ctrl-C to stop)");
        err.println("  dashboard    " + base + "/   (log in at " + base + "/login)");
        err.println("  status page  " + base + "/status   (public, for participants)");
        if (own) err.println("  token        none given: the commander token is in " + ownToken + " (cat it to log in)");
        err.flush();
        // Ctrl-C ends the JVM without returning here: the hook stops the API and closes the watches before it exits
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            serve.close();
            store.close();
            stopped.countDown();
        }));
        stopped.await();
        return 0;
    }

    private static LeaseName leaseName(String text) {
        try {
            return LeaseName.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--lease " + e.getMessage());
        }
    }
}
