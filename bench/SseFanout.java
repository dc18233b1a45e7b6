// SSE fan-out of `pitcrew serve`: opens CLIENTS concurrent server-sent-event streams to one URL, triggers updates by
// injecting a lab scenario and resetting the lab (each round is two updates: the fault appears, the fault is
// resolved), and measures for every update and client when the first event of the given name arrived. Run by
// bench/sse-fanout.sh; needs nothing but the JDK (plain sockets, so 1,000 streams are 1,000 virtual threads).
// Usage: java bench/SseFanout.java --url URL --event NAME --lab-dir DIR [--header 'K: V']... [--header-file F] [--clients 1000]
//        [--rounds 25] [--scenario storage-exhaustion] [--pid SERVER_PID] [--quiet-ms 1000]
// Prints key=value lines (read by bench/sse-fanout.sh):
//   trigger = the lab's control request starts writing the change; each client's time is its first event of NAME
//   fanout  = that client's time minus the first client's time for the same update (0 for the first client)
//   spread  = per update, the last client's time minus the first's
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class SseFanout {

    static volatile int current = -1;             // the update being measured, -1 between updates
    static AtomicLongArray received;              // [update * clients + client] = nanos of the first event, 0 = none
    static volatile CountDownLatch pending;       // counts the clients still to receive the current update
    static final AtomicLong lastEvent = new AtomicLong(System.nanoTime());
    static final AtomicInteger connected = new AtomicInteger();
    static final AtomicInteger dropped = new AtomicInteger();
    static int clients;

    public static void main(String[] argv) throws Exception {
        Map<String, List<String>> args = parse(argv);
        URI url = URI.create(one(args, "url", null));
        String event = one(args, "event", null);
        Path labDir = Path.of(one(args, "lab-dir", null));
        List<String> headers = new ArrayList<>(args.getOrDefault("header", List.of()));
        // headers from a file, one a line: a token stays out of the process list
        for (String file : args.getOrDefault("header-file", List.of())) headers.addAll(Files.readAllLines(Path.of(file)).stream().filter(l -> !l.isBlank()).toList());
        clients = Integer.parseInt(one(args, "clients", "1000"));
        int rounds = Integer.parseInt(one(args, "rounds", "25"));
        String scenario = one(args, "scenario", "storage-exhaustion");
        long pid = Long.parseLong(one(args, "pid", "0"));
        long quietNanos = TimeUnit.MILLISECONDS.toNanos(Long.parseLong(one(args, "quiet-ms", "1000")));
        Matcher m = Pattern.compile("\"controlPort\"\\s*:\\s*(\\d+)").matcher(Files.readString(labDir.resolve("lab.json")));
        if (!m.find()) throw new IllegalArgumentException("no controlPort in " + labDir.resolve("lab.json") + ": is a lab running there?");
        URI control = URI.create("http://127.0.0.1:" + m.group(1));
        int updates = rounds * 2;
        received = new AtomicLongArray(updates * clients);

        ServerSampler sampler = new ServerSampler(pid);
        Thread.ofPlatform().daemon().start(sampler);
        for (int c = 0; c < clients; c++) {
            int client = c;
            Thread.ofVirtual().start(() -> stream(client, url, headers, event));
        }
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (connected.get() + dropped.get() < clients && System.nanoTime() < until) Thread.sleep(50);
        System.err.printf("connected %d of %d streams (%d failed)%n", connected.get(), clients, dropped.get());
        if (connected.get() < clients) throw new IllegalStateException("only " + connected.get() + " of " + clients + " streams connected");
        quiet(quietNanos);   // the picture a new stream is sent first

        HttpClient http = HttpClient.newHttpClient();
        long[] triggers = new long[updates];
        int[] missing = new int[updates];
        for (int u = 0; u < updates; u++) {
            pending = new CountDownLatch(clients);
            current = u;
            triggers[u] = System.nanoTime();
            String path = u % 2 == 0 ? "/scenario/" + scenario : "/reset";
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(control.resolve(path)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) throw new IllegalStateException("the lab answered " + r.statusCode() + " to " + path + ": " + r.body());
            pending.await(60, TimeUnit.SECONDS);
            missing[u] = (int) pending.getCount();
            current = -1;
            quiet(quietNanos);   // further events of this update (other regions, severity) must not count for the next
            System.err.printf("update %d (%s): %d clients missed it%n", u, u % 2 == 0 ? "inject" : "reset", missing[u]);
        }
        sampler.stop = true;

        for (String kind : List.of("inject", "reset", "all")) {
            List<Double> trigger = new ArrayList<>(), fanout = new ArrayList<>(), spread = new ArrayList<>();
            int got = 0, miss = 0;
            for (int u = 0; u < updates; u++) {
                if (kind.equals("inject") && u % 2 != 0 || kind.equals("reset") && u % 2 == 0) continue;
                long first = Long.MAX_VALUE, last = 0;
                for (int c = 0; c < clients; c++) {
                    long t = received.get(u * clients + c);
                    if (t == 0) continue;
                    first = Math.min(first, t);
                    last = Math.max(last, t);
                }
                for (int c = 0; c < clients; c++) {
                    long t = received.get(u * clients + c);
                    if (t == 0) { miss++; continue; }
                    got++;
                    trigger.add((t - triggers[u]) / 1e6);
                    fanout.add((t - first) / 1e6);
                }
                if (last > 0) spread.add((last - first) / 1e6);
            }
            System.out.printf("kind=%s updates=%d received=%d missed=%d trigger_p50=%.1f trigger_p99=%.1f trigger_max=%.1f "
                            + "fanout_p50=%.1f fanout_p99=%.1f fanout_max=%.1f spread_p50=%.1f spread_p99=%.1f spread_max=%.1f%n",
                    kind, spread.size(), got, miss, pct(trigger, 50), pct(trigger, 99), pct(trigger, 100),
                    pct(fanout, 50), pct(fanout, 99), pct(fanout, 100), pct(spread, 50), pct(spread, 99), pct(spread, 100));
        }
        System.out.printf("clients=%d connected=%d dropped=%d server_rss_max_mb=%d server_threads_max=%d%n",
                clients, connected.get(), dropped.get(), sampler.rssMaxKb / 1024, sampler.threadsMax);
        System.exit(0);
    }

    /** Waits until no client has received an event of the name for {@code nanos}. */
    private static void quiet(long nanos) throws InterruptedException {
        while (System.nanoTime() - lastEvent.get() < nanos) Thread.sleep(20);
    }

    /** One stream over a plain socket: HTTP/1.1 GET, then SSE lines, de-chunked when the server chunks. */
    private static void stream(int client, URI url, List<String> headers, String name) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(url.getHost(), url.getPort()), 10_000);
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            StringBuilder request = new StringBuilder("GET " + url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery())
                    + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + url.getPort() + "\r\nAccept: text/event-stream\r\n");
            headers.forEach(h -> request.append(h).append("\r\n"));
            out.write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            String status = line(in);
            if (status == null || !status.matches("HTTP/1\\.1 200.*")) throw new IOException("stream answered: " + status);
            boolean chunked = false;
            for (String h; (h = line(in)) != null && !h.isEmpty(); ) {
                if (h.toLowerCase().startsWith("transfer-encoding:") && h.toLowerCase().contains("chunked")) chunked = true;
            }
            connected.incrementAndGet();
            InputStream body = chunked ? new Chunked(in) : in;
            for (String l; (l = line(body)) != null; ) {
                if (l.startsWith("event:") && l.substring(6).strip().equals(name)) {
                    long now = System.nanoTime();
                    lastEvent.set(now);
                    int u = current;
                    if (u >= 0 && received.compareAndSet(u * clients + client, 0, now)) pending.countDown();
                }
            }
        } catch (IOException e) {
            if (connected.get() < clients) System.err.println("client " + client + ": " + e.getMessage());
        }
        dropped.incrementAndGet();
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(128);
        for (int c; (c = in.read()) != -1; ) {
            if (c == '\n') {
                byte[] bytes = b.toByteArray();
                int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, n, StandardCharsets.UTF_8);
            }
            b.write(c);
        }
        return null;
    }

    /** Transfer-Encoding: chunked, read through. */
    private static final class Chunked extends InputStream {
        private final InputStream in;
        private long left;

        Chunked(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            if (left == 0) {
                String size = line(in);
                while (size != null && size.isEmpty()) size = line(in);   // the CRLF after the previous chunk
                if (size == null) return -1;
                left = Long.parseLong(size.split(";")[0].strip(), 16);
                if (left == 0) return -1;
            }
            int c = in.read();
            if (c >= 0) left--;
            return c;
        }
    }

    /** The server's resident memory and thread count, sampled from /proc while the benchmark runs. */
    private static final class ServerSampler implements Runnable {
        final long pid;
        volatile boolean stop;
        volatile long rssMaxKb;
        volatile int threadsMax;

        ServerSampler(long pid) {
            this.pid = pid;
        }

        @Override
        public void run() {
            while (!stop && pid > 0) {
                try {
                    for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                        String[] f = l.split("\\s+");
                        if (f[0].equals("VmRSS:")) rssMaxKb = Math.max(rssMaxKb, Long.parseLong(f[1]));
                        if (f[0].equals("Threads:")) threadsMax = Math.max(threadsMax, Integer.parseInt(f[1]));
                    }
                    Thread.sleep(200);
                } catch (IOException | InterruptedException e) {
                    return;
                }
            }
        }
    }

    private static Map<String, List<String>> parse(String[] argv) {
        Map<String, List<String>> args = new LinkedHashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            if (!argv[i].startsWith("--")) throw new IllegalArgumentException("expected --option value, got " + argv[i]);
            args.computeIfAbsent(argv[i].substring(2), k -> new ArrayList<>()).add(argv[i + 1]);
        }
        if (argv.length % 2 != 0) throw new IllegalArgumentException("option " + argv[argv.length - 1] + " has no value");
        return args;
    }

    private static String one(Map<String, List<String>> args, String name, String otherwise) {
        List<String> v = args.get(name);
        if (v == null && otherwise == null) throw new IllegalArgumentException("--" + name + " is required");
        return v == null ? otherwise : v.getLast();
    }

    private static double pct(List<Double> values, int p) {
        if (values.isEmpty()) return Double.NaN;
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
