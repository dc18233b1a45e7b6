// `pitcrew serve` under load: VIEWERS status-page viewers (GET /status/stream, no login) and DASHBOARDS logged-in
// responder dashboards (POST /login, then GET /api/stream with the session cookie) held for SECONDS while a lab fault
// is injected and reset every PERIOD (inject at the start of each period, reset half-way), then a burst of bad-token API
// requests. The second half of the run adds SLOW clients that open both streams and never read a byte.
// Measures, per stream and half: trigger -> receive and fan-out (each client's time minus the first client's for the
// same transition), every transition every client missed; /healthz latency sampled every 250 ms; serve's RSS and
// threads (from /proc/PID/status) at the start, half-way and the end; whether serve closed the slow clients; the
// burst's 401/429 counts and a good token's latency during it. Run by bench/serve-load.sh and ServeLoadSmokeTest; needs
// nothing but the JDK: plain sockets on virtual threads for the streams, java.net.http for the rest.
//
// serve caps streams per client address (--max-streams-per-client, default 100), so the clients bind to many loopback
// addresses (all of 127.0.0.0/8 is the loopback interface on Linux): at most --per-address streams each, viewers from
// 127.0.1.x, dashboards 127.0.2.x, slow clients 127.0.3.x, the burst 127.0.4.x; /healthz and the good token from 127.0.0.1.
//
// Usage: java bench/ServeLoad.java --base http://127.0.0.1:PORT --lab-dir DIR --token-file F [--viewers 2000]
//        [--dashboards 50] [--slow 200] [--seconds 600] [--period 30] [--burst 10000] [--per-address 50] [--pid SERVE_PID]
//        [--scenario storage-exhaustion] [--patience SECONDS]   (how long a transition may take to reach every client
//        before it counts as missed: half a period unless given; a slower one delays the rest of the run)
// Prints key=value lines; the last is `result=ok` or `result=failed reasons=...`.
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class ServeLoad {

    /** The two streams: what a transition to "faulted" or "healthy" looks like on each. */
    enum Stream {
        STATUS("/status/stream"), DASHBOARD("/api/stream");

        final String path;

        Stream(String path) {
            this.path = path;
        }

        /** The state an event says, or null when it says nothing about the fault (heartbeats, other changes). */
        Boolean faulted(String event, String data) {
            return switch (this) {
                // each status event is the whole public picture
                case STATUS -> event.equals("status") ? !data.startsWith("{\"overall\":\"operational\"") : null;
                // each finding event is a change: the fault's finding appears, or is resolved
                case DASHBOARD -> !event.equals("finding") ? null
                        : data.startsWith("{\"change\":\"new\"") ? Boolean.TRUE
                        : data.startsWith("{\"change\":\"resolved\"") ? Boolean.FALSE : null;
            };
        }
    }

    record Client(int index, Stream stream, String address) {}

    static final int MAX_TRANSITIONS = 1000;
    static List<Client> clients = new ArrayList<>();
    static AtomicLongArray received;                  // [transition * clients + client] = nanos of receipt, 0 = none
    static volatile int current = -1;                 // the transition under way, -1 before the first
    static volatile boolean expectFaulted;
    static volatile CountDownLatch pending;
    static final AtomicInteger connected = new AtomicInteger();
    static final AtomicInteger ended = new AtomicInteger();       // streams serve closed while the run went on
    static final AtomicInteger refused = new AtomicInteger();     // streams that did not open
    static final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();   // every HTTP status seen, by code
    static volatile boolean finishing;

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = parse(argv);
        URI base = URI.create(need(args, "base"));
        Path labDir = Path.of(need(args, "lab-dir"));
        String token = Files.readString(Path.of(need(args, "token-file"))).strip();
        int viewers = Integer.parseInt(args.getOrDefault("viewers", "2000"));
        int dashboards = Integer.parseInt(args.getOrDefault("dashboards", "50"));
        int slow = Integer.parseInt(args.getOrDefault("slow", "200"));
        int seconds = Integer.parseInt(args.getOrDefault("seconds", "600"));
        int period = Integer.parseInt(args.getOrDefault("period", "30"));
        int burst = Integer.parseInt(args.getOrDefault("burst", "10000"));
        int perAddress = Integer.parseInt(args.getOrDefault("per-address", "50"));
        // how long a transition may take to reach every client before it counts as missed; the next one waits for it
        long patience = TimeUnit.SECONDS.toNanos(Long.parseLong(args.getOrDefault("patience", String.valueOf(period / 2))));
        long pid = Long.parseLong(args.getOrDefault("pid", "0"));
        String scenario = args.getOrDefault("scenario", "storage-exhaustion");
        Matcher m = Pattern.compile("\"controlPort\"\\s*:\\s*(\\d+)").matcher(Files.readString(labDir.resolve("lab.json")));
        if (!m.find()) throw new IllegalArgumentException("no controlPort in " + labDir.resolve("lab.json") + ": is a lab running there?");
        URI control = URI.create("http://127.0.0.1:" + m.group(1));

        for (int i = 0; i < viewers; i++) clients.add(new Client(i, Stream.STATUS, address(1, i / perAddress)));
        for (int i = 0; i < dashboards; i++) clients.add(new Client(viewers + i, Stream.DASHBOARD, address(2, i / perAddress)));
        received = new AtomicLongArray(MAX_TRANSITIONS * clients.size());
        Sampler server = new Sampler(pid);
        Thread.ofPlatform().daemon().start(server);
        HealthSampler health = new HealthSampler(base.resolve("/healthz"));
        Thread.ofPlatform().daemon().start(health);

        // the dashboards log in as a browser does: the token once, then the session cookie
        HttpClient login = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).localAddress(InetAddress.getByName(address(2, 0)))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        List<String> cookies = new ArrayList<>();
        for (int i = 0; i < dashboards; i++) cookies.add(login(login, base, token));
        for (Client c : clients) {
            String header = c.stream() == Stream.DASHBOARD ? "Cookie: " + cookies.get(c.index() - viewers) : null;
            Thread.ofVirtual().start(() -> read(c, base, header));
        }
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (connected.get() + refused.get() < clients.size() && System.nanoTime() < until) Thread.sleep(50);
        System.err.printf("connected %d of %d streams (%d refused)%n", connected.get(), clients.size(), refused.get());
        Thread.sleep(1000);   // the current picture each stream is sent first, read
        Server start = server.now();

        HttpClient lab = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<Long> triggers = new ArrayList<>();
        List<Boolean> faultedAt = new ArrayList<>();
        List<String> phaseOf = new ArrayList<>();
        int cycles = Math.max(1, seconds / period);
        List<SlowClient> slowClients = new ArrayList<>();
        Server half = null;
        for (int cycle = 0; cycle < cycles; cycle++) {
            boolean withSlow = cycles > 1 && cycle >= cycles / 2;
            if (withSlow && slowClients.isEmpty() && slow > 0) {
                half = server.now();
                health.phase = "with-slow";
                for (int i = 0; i < slow; i++) {
                    Stream s = i % 2 == 0 ? Stream.STATUS : Stream.DASHBOARD;
                    String cookie = s == Stream.DASHBOARD ? login(login, base, token) : null;
                    slowClients.add(SlowClient.open(base, s, address(3, i / perAddress), cookie));
                }
                System.err.printf("opened %d clients that never read%n", slowClients.size());
            }
            long cycleStart = System.nanoTime();
            for (boolean inject : new boolean[] {true, false}) {
                int u = triggers.size();
                pending = new CountDownLatch(clients.size());
                expectFaulted = inject;
                current = u;
                triggers.add(System.nanoTime());
                faultedAt.add(inject);
                phaseOf.add(withSlow ? "with-slow" : "without-slow");
                String path = inject ? "/scenario/" + scenario : "/reset";
                HttpResponse<String> r = lab.send(HttpRequest.newBuilder(control.resolve(path)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() / 100 != 2) throw new IllegalStateException("the lab answered " + r.statusCode() + " to " + path + ": " + r.body());
                pending.await(patience, TimeUnit.NANOSECONDS);
                long next = Math.max(System.nanoTime(), cycleStart + TimeUnit.MILLISECONDS.toNanos(period * 500L * (inject ? 1 : 2)));
                System.err.printf("transition %d (%s): %d of %d clients have it%n", u, inject ? "fault" : "resolved",
                        clients.size() - pending.getCount(), clients.size());
                while (System.nanoTime() < next) Thread.sleep(20);
            }
        }
        current = -1;
        Server end = server.now();
        health.phase = "burst";

        // did serve let go of the clients that never read? Read what each has waiting: serve closed it if it ends
        int closedBySlow = 0;
        List<Thread> drains = new ArrayList<>();
        for (SlowClient c : slowClients) drains.add(Thread.ofVirtual().start(c::drain));
        for (Thread t : drains) t.join();
        for (SlowClient c : slowClients) if (c.closedByServer) closedBySlow++;
        long slowBytes = slowClients.stream().mapToLong(c -> c.bytesWaiting).sum();
        long slowMax = slowClients.stream().mapToLong(c -> c.bytesWaiting).max().orElse(0);
        slowClients.forEach(SlowClient::close);

        Burst b = Burst.run(base, token, burst, perAddress);
        Server afterBurst = server.now();
        finishing = true;
        health.stop = true;
        server.stop = true;

        // the figures
        List<String> failures = new ArrayList<>();
        int transitions = triggers.size();
        for (String phase : List.of("without-slow", "with-slow")) {
            for (Stream s : Stream.values()) {
                List<Double> trigger = new ArrayList<>(), fanout = new ArrayList<>();
                int got = 0, missed = 0, n = 0;
                for (int u = 0; u < transitions; u++) {
                    if (!phaseOf.get(u).equals(phase)) continue;
                    n++;
                    long first = Long.MAX_VALUE;
                    for (int c = 0; c < clients.size(); c++) {
                        long t = received.get(u * clients.size() + c);
                        if (t != 0) first = Math.min(first, t);
                    }
                    for (Client c : clients) {
                        if (c.stream() != s) continue;
                        long t = received.get(u * clients.size() + c.index());
                        if (t == 0) { missed++; continue; }
                        got++;
                        trigger.add((t - triggers.get(u)) / 1e6);
                        fanout.add((t - first) / 1e6);
                    }
                }
                if (n == 0) continue;
                if (missed > 0) failures.add(missed + " " + s.name().toLowerCase() + " transitions missed " + phase);
                System.out.printf("phase=%s stream=%s clients=%d transitions=%d received=%d missed=%d trigger_p50=%.0f trigger_p99=%.0f "
                                + "trigger_max=%.0f fanout_p50=%.0f fanout_p99=%.0f fanout_max=%.0f%n", phase, s.path,
                        clients.stream().filter(c -> c.stream() == s).count(), n, got, missed, pct(trigger, 50), pct(trigger, 99),
                        pct(trigger, 100), pct(fanout, 50), pct(fanout, 99), pct(fanout, 100));
            }
        }
        for (String phase : List.of("without-slow", "with-slow", "burst")) {
            List<Double> h = health.latencies.getOrDefault(phase, List.of());
            int bad = health.failures.getOrDefault(phase, new AtomicInteger()).get();
            if (bad > 0) failures.add(bad + " /healthz requests failed " + phase);
            if (!h.isEmpty() || bad > 0) {
                System.out.printf("healthz phase=%s n=%d failed=%d p50=%.1f p99=%.1f max=%.1f%n", phase, h.size(), bad, pct(h, 50), pct(h, 99), pct(h, 100));
            }
        }
        System.out.printf("server rss_start_mb=%d threads_start=%d rss_half_mb=%d threads_half=%d rss_end_mb=%d threads_end=%d "
                        + "rss_after_burst_mb=%d threads_after_burst=%d rss_max_mb=%d threads_max=%d%n", start.rssKb() / 1024, start.threads(),
                (half == null ? end : half).rssKb() / 1024, (half == null ? end : half).threads(), end.rssKb() / 1024, end.threads(),
                afterBurst.rssKb() / 1024, afterBurst.threads(), server.rssMaxKb / 1024, server.threadsMax);
        System.out.printf("slow clients=%d closed_by_server=%d bytes_waiting_kb=%d bytes_waiting_max_kb=%d%n", slowClients.size(), closedBySlow,
                slowBytes / 1024, slowMax / 1024);
        System.out.printf("burst requests=%d status_401=%d status_429=%d other=%d seconds=%.1f per_second=%.0f good_requests=%d good_ok=%d "
                        + "good_p50=%.1f good_p99=%.1f good_max=%.1f locked_address_good_token=%d%n", b.requests, b.count(401), b.count(429),
                b.requests - b.count(401) - b.count(429), b.seconds, b.requests / Math.max(0.001, b.seconds), b.good.size(), b.goodOk,
                pct(b.good, 50), pct(b.good, 99), pct(b.good, 100), b.lockedGoodStatus);
        if (b.count(401) + b.count(429) != b.requests) failures.add("the burst had answers other than 401/429: " + b.statuses);
        if (b.count(429) == 0) failures.add("no 429 in the burst: the rate limit did not hold");
        if (b.good.isEmpty() || b.goodOk != b.good.size()) failures.add("the good token got " + b.goodOk + " of " + b.good.size() + " answered 200 during the burst");
        int fiveXx = statuses.entrySet().stream().filter(e -> e.getKey() >= 500).mapToInt(e -> e.getValue().get()).sum()
                + b.statuses.entrySet().stream().filter(e -> e.getKey() >= 500).mapToInt(e -> e.getValue().get()).sum();
        if (fiveXx > 0) failures.add(fiveXx + " answers 5xx: " + statuses + " " + b.statuses);
        if (connected.get() < clients.size()) failures.add("only " + connected.get() + " of " + clients.size() + " streams connected");
        if (ended.get() > 0) failures.add(ended.get() + " streams ended by serve during the run");
        System.out.printf("streams clients=%d connected=%d refused=%d ended=%d status_5xx=%d%n", clients.size(), connected.get(), refused.get(),
                ended.get(), fiveXx);
        System.out.println(failures.isEmpty() ? "result=ok" : "result=failed reasons=" + String.join("; ", failures));
        System.exit(0);
    }

    /** 127.0.G.(N+1): loopback addresses by group, so no address holds more than --per-address streams. */
    static String address(int group, int n) {
        if (n > 253) throw new IllegalArgumentException("too many clients for one address group: raise --per-address");
        return "127.0." + group + "." + (n + 1);
    }

    static void count(int status) {
        statuses.computeIfAbsent(status, k -> new AtomicInteger()).incrementAndGet();
    }

    static String login(HttpClient http, URI base, String token) throws IOException, InterruptedException {
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(base.resolve("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + URLEncoder.encode(token, StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.discarding());
        count(r.statusCode());
        String cookie = r.headers().firstValue("Set-Cookie").orElseThrow(() -> new IllegalStateException("login answered " + r.statusCode() + " without a cookie"));
        return cookie.split(";", 2)[0];
    }

    /** One stream over a plain socket from the client's address: the GET, then events until the run ends. */
    static void read(Client c, URI base, String header) {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(c.address(), 0));
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 30_000);
            socket.setTcpNoDelay(true);
            Lines in = request(socket, base, c.stream().path, header);
            if (in == null) { refused.incrementAndGet(); return; }
            connected.incrementAndGet();
            String event = "message";
            for (String l; (l = in.line()) != null; ) {
                if (l.isEmpty()) { event = "message"; continue; }
                if (l.startsWith("event:")) { event = l.substring(6).strip(); continue; }
                if (!l.startsWith("data:")) continue;
                Boolean faulted = c.stream().faulted(event, l.substring(5).strip());
                int u = current;
                if (faulted != null && u >= 0 && faulted == expectFaulted
                        && received.compareAndSet(u * clients.size() + c.index(), 0, System.nanoTime())) pending.countDown();
            }
            if (!finishing) ended.incrementAndGet();
        } catch (IOException e) {
            if (!finishing) {
                System.err.println("client " + c.index() + " (" + c.address() + "): " + e.getMessage());
                if (connected.get() < clients.size()) refused.incrementAndGet(); else ended.incrementAndGet();
            }
        }
    }

    /** Sends the GET and reads the status and headers: the body's lines, or null when the answer is not 200. */
    static Lines request(Socket socket, URI base, String path, String header) throws IOException {
        OutputStream out = socket.getOutputStream();
        String request = "GET " + path + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                + "\r\nAccept: text/event-stream\r\n" + (header == null ? "" : header + "\r\n") + "\r\n";
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        Lines in = new Lines(socket.getInputStream());
        String status = in.line();
        if (status == null) return null;
        int code = Integer.parseInt(status.split(" ")[1]);
        count(code);
        boolean chunked = false;
        for (String h; (h = in.line()) != null && !h.isEmpty(); ) {
            if (h.toLowerCase().startsWith("transfer-encoding:") && h.toLowerCase().contains("chunked")) chunked = true;
        }
        if (code != 200) {
            System.err.println(path + " answered " + status);
            return null;
        }
        if (chunked) in.chunked = true;
        return in;
    }

    /** Lines of an HTTP/1.1 body, de-chunked when asked, read in blocks; a line is kept to its first 256 bytes (enough to classify). */
    static final class Lines {
        private final InputStream in;
        private final byte[] buf = new byte[16 * 1024];
        private int pos, len;
        private long chunkLeft = -1;   // -1: not in a chunk
        boolean chunked;

        Lines(InputStream in) {
            this.in = in;
        }

        private int next() throws IOException {
            if (pos == len) {
                len = in.read(buf);
                pos = 0;
                if (len <= 0) { len = 0; return -1; }
            }
            return buf[pos++] & 0xff;
        }

        /** A body byte: through the chunk framing when chunked. */
        private int body() throws IOException {
            if (!chunked) return next();
            if (chunkLeft <= 0) {
                if (chunkLeft == 0) rawLine();   // the CRLF after the previous chunk
                String size = rawLine();
                if (size == null) return -1;
                chunkLeft = Long.parseLong(size.split(";")[0].strip(), 16);
                if (chunkLeft == 0) return -1;
            }
            int c = next();
            if (c >= 0) chunkLeft--;
            return c;
        }

        private String rawLine() throws IOException {
            boolean was = chunked;
            chunked = false;
            try {
                return line();
            } finally {
                chunked = was;
            }
        }

        String line() throws IOException {
            byte[] kept = new byte[256];
            int n = 0;
            for (int c; (c = body()) != -1; ) {
                if (c == '\n') return new String(kept, 0, n > 0 && kept[n - 1] == '\r' ? n - 1 : n, StandardCharsets.UTF_8);
                if (n < kept.length) kept[n++] = (byte) c;
            }
            return null;
        }
    }

    /** A client that sends its GET and never reads a byte: a tiny receive buffer, so serve's writes back up soon. */
    static final class SlowClient {
        final Socket socket = new Socket();
        volatile boolean closedByServer;
        volatile long bytesWaiting;

        static SlowClient open(URI base, Stream s, String address, String cookie) throws IOException {
            SlowClient c = new SlowClient();
            c.socket.setReceiveBufferSize(4096);
            c.socket.bind(new InetSocketAddress(address, 0));
            c.socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 30_000);
            String request = "GET " + s.path + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                    + "\r\nAccept: text/event-stream\r\n" + (cookie == null ? "" : "Cookie: " + cookie + "\r\n") + "\r\n";
            c.socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return c;
        }

        /** Reads what waits: serve closed the stream when it ends; still open when nothing more comes for 1 s, or it goes on. */
        void drain() {
            byte[] b = new byte[64 * 1024];
            try {
                socket.setSoTimeout(1000);
                InputStream in = socket.getInputStream();
                // a stream still open is written to at each heartbeat: what comes within 3 s is what waited, and more
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
                for (int n; (n = in.read(b)) != -1; ) {
                    bytesWaiting += n;
                    if (System.nanoTime() > until) return;
                }
                closedByServer = true;
            } catch (SocketTimeoutException e) {
                closedByServer = false;
            } catch (IOException e) {
                closedByServer = true;   // reset by serve
            }
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closed
            }
        }
    }

    /** BURST requests with wrong tokens from several addresses at once, and a good token asked every 100 ms meanwhile. */
    static final class Burst {
        final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        final List<Double> good = Collections.synchronizedList(new ArrayList<>());
        int requests, goodOk, lockedGoodStatus;
        double seconds;

        int count(int code) {
            AtomicInteger n = statuses.get(code);
            return n == null ? 0 : n.get();
        }

        static Burst run(URI base, String token, int requests, int perAddress) throws Exception {
            Burst b = new Burst();
            b.requests = requests;
            URI url = base.resolve("/api/findings");
            int addresses = Math.max(1, (requests + perAddress * 10 - 1) / (perAddress * 10));   // 500 requests an address
            List<HttpClient> from = new ArrayList<>();
            for (int a = 0; a < addresses; a++) from.add(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).localAddress(InetAddress.getByName(address(4, a))).build());
            HttpClient goodClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).localAddress(InetAddress.getByName("127.0.0.1")).build();
            AtomicInteger goodOk = new AtomicInteger();
            Thread goodAsker = Thread.ofVirtual().start(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    try {
                        long t0 = System.nanoTime();
                        HttpResponse<Void> r = goodClient.send(HttpRequest.newBuilder(url).header("Authorization", "Bearer " + token).build(),
                                HttpResponse.BodyHandlers.discarding());
                        b.good.add((System.nanoTime() - t0) / 1e6);
                        ServeLoad.count(r.statusCode());
                        if (r.statusCode() == 200) goodOk.incrementAndGet();
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    } catch (IOException e) {
                        b.good.add(Double.NaN);
                    }
                }
            });
            long t0 = System.nanoTime();
            // 64 requests in flight at a time, from the addresses in turn
            try (ExecutorService pool = Executors.newFixedThreadPool(64, Thread.ofVirtual().factory())) {
                for (int i = 0; i < requests; i++) {
                    HttpClient http = from.get(i % addresses);
                    String wrong = "wrong-token-" + i;
                    pool.execute(() -> {
                        try {
                            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(url).header("Authorization", "Bearer " + wrong).build(),
                                    HttpResponse.BodyHandlers.discarding());
                            b.statuses.computeIfAbsent(r.statusCode(), k -> new AtomicInteger()).incrementAndGet();
                        } catch (IOException | InterruptedException e) {
                            b.statuses.computeIfAbsent(-1, k -> new AtomicInteger()).incrementAndGet();
                        }
                    });
                }
            }
            b.seconds = (System.nanoTime() - t0) / 1e9;
            goodAsker.interrupt();
            goodAsker.join();
            b.goodOk = goodOk.get();
            // the right token from an address locked out by its wrong ones is refused too (so a lucky guess is not confirmed)
            b.lockedGoodStatus = from.getFirst().send(HttpRequest.newBuilder(url).header("Authorization", "Bearer " + token).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
            return b;
        }
    }

    /** serve's RSS and threads now, from /proc. */
    record Server(long rssKb, int threads) {}

    /** serve's resident memory and thread count, sampled every second. */
    static final class Sampler implements Runnable {
        final long pid;
        volatile boolean stop;
        volatile long rssMaxKb;
        volatile int threadsMax;

        Sampler(long pid) {
            this.pid = pid;
        }

        Server now() {
            long rss = 0;
            int threads = 0;
            if (pid <= 0) return new Server(0, 0);
            try {
                for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                    String[] f = l.split("\\s+");
                    if (f[0].equals("VmRSS:")) rss = Long.parseLong(f[1]);
                    if (f[0].equals("Threads:")) threads = Integer.parseInt(f[1]);
                }
            } catch (IOException e) {
                return new Server(0, 0);
            }
            return new Server(rss, threads);
        }

        @Override
        public void run() {
            while (!stop && pid > 0) {
                Server s = now();
                rssMaxKb = Math.max(rssMaxKb, s.rssKb());
                threadsMax = Math.max(threadsMax, s.threads());
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** GET /healthz every 250 ms from 127.0.0.1, its latency kept by the phase of the run. */
    static final class HealthSampler implements Runnable {
        final URI url;
        final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
        final Map<String, List<Double>> latencies = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
        volatile String phase = "without-slow";
        volatile boolean stop;

        HealthSampler(URI url) {
            this.url = url;
        }

        @Override
        public void run() {
            while (!stop) {
                String p = phase;
                long t0 = System.nanoTime();
                try {
                    HttpResponse<Void> r = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding());
                    count(r.statusCode());
                    if (r.statusCode() == 200) latencies.computeIfAbsent(p, k -> Collections.synchronizedList(new ArrayList<>())).add((System.nanoTime() - t0) / 1e6);
                    else failures.computeIfAbsent(p, k -> new AtomicInteger()).incrementAndGet();
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                } catch (IOException e) {
                    failures.computeIfAbsent(p, k -> new AtomicInteger()).incrementAndGet();
                    try {
                        Thread.sleep(250);
                    } catch (InterruptedException stop) {
                        return;
                    }
                }
            }
        }
    }

    static Map<String, String> parse(String[] argv) {
        Map<String, String> args = new LinkedHashMap<>();
        if (argv.length % 2 != 0) throw new IllegalArgumentException("option " + argv[argv.length - 1] + " has no value");
        for (int i = 0; i < argv.length; i += 2) {
            if (!argv[i].startsWith("--")) throw new IllegalArgumentException("expected --option value, got " + argv[i]);
            args.put(argv[i].substring(2), argv[i + 1]);
        }
        return args;
    }

    static String need(Map<String, String> args, String name) {
        String v = args.get(name);
        if (v == null) throw new IllegalArgumentException("--" + name + " is required");
        return v;
    }

    static double pct(List<Double> values, int p) {
        double[] sorted;
        synchronized (values) {
            sorted = values.stream().mapToDouble(Double::doubleValue).filter(d -> !Double.isNaN(d)).sorted().toArray();
        }
        if (sorted.length == 0) return Double.NaN;
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
