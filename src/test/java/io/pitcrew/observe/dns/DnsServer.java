package io.pitcrew.observe.dns;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real DNS server for tests: dnsmasq on a free port of 127.0.0.1, answering only from its command line (no
 * upstream, no /etc/hosts, no config file), started before the class's tests and stopped after them.
 *
 * <p>Use with {@code @RegisterExtension static DnsServer dns = new DnsServer("--address=/ai.coder.com/10.0.0.5")}.
 * A missing dnsmasq fails the tests instead of skipping them: a skipped DNS test looks like a passing one.
 */
final class DnsServer implements BeforeAllCallback, AfterAllCallback {

    static final Path DNSMASQ = Path.of("/usr/sbin/dnsmasq");

    private final List<String> records;
    private Process process;
    private Path dir;
    private int port;

    DnsServer(String... records) {
        this.records = List.of(records);
    }

    /** "127.0.0.1:port", as a DnsProbe takes it. */
    String address() { return "127.0.0.1:" + port; }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        requireExecutable(DNSMASQ);
        dir = Files.createTempDirectory("pitcrew-dnsmasq");
        port = freePort();
        List<String> command = new ArrayList<>(List.of(DNSMASQ.toString(),
                "--keep-in-foreground", "--no-resolv", "--no-hosts", "--conf-file=/dev/null",
                "--port=" + port, "--listen-address=127.0.0.1", "--bind-interfaces",
                "--pid-file=" + dir.resolve("dnsmasq.pid"), "--log-facility=-", "--log-queries"));
        // Not --no-daemon: in that mode dnsmasq answers TCP in its main process, and dnsjava keeps its TCP
        // connection open after a truncated answer, so dnsmasq would answer nothing else (and ignore SIGTERM) until
        // that connection times out. --keep-in-foreground forks a child per TCP connection instead.
        // No --user: run as root, dnsmasq drops to "nobody" (its compiled-in default) after it has bound the port
        // and written the pid file, and nothing it does later needs root (checked with dnsmasq 2.90 on Debian 12).
        command.addAll(records);
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("dnsmasq.log").toFile()).start();
        awaitAnswer();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (process != null) {
            // the TCP children too: they hold dnsjava's pooled connections and would outlive their parent
            List<ProcessHandle> children = process.descendants().toList();
            children.forEach(ProcessHandle::destroy);
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
            children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        }
        if (dir != null) {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        }
    }

    static void requireExecutable(Path dnsmasq) {
        if (!Files.isExecutable(dnsmasq)) {
            throw new IllegalStateException(dnsmasq + " is missing: the DNS tests run against a real dnsmasq. "
                    + "Install it with .ci/deps/dns.sh (apt-get install dnsmasq-base)");
        }
    }

    /** Polls until dnsmasq answers any query (it binds before it reads all options, so started is not ready). */
    private void awaitAnswer() throws Exception {
        SimpleResolver resolver = new SimpleResolver(new InetSocketAddress("127.0.0.1", port));
        resolver.setTimeout(Duration.ofMillis(200));
        Message query = Message.newQuery(Record.newRecord(Name.fromString("ready.invalid."), Type.A, DClass.IN));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new IllegalStateException("dnsmasq exited with " + process.exitValue() + ": " + log());
            try {
                resolver.send(query);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("dnsmasq did not answer on 127.0.0.1:" + port + " within 10 s: " + log());
    }

    private String log() throws IOException {
        Path log = dir.resolve("dnsmasq.log");
        return Files.exists(log) ? Files.readString(log) : "(no output)";
    }

    /** A port free for both UDP and TCP, since dnsmasq listens on both and dnsjava falls back to TCP. */
    static int freePort() throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            try (var udp = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                int candidate = udp.getLocalPort();
                try (var tcp = new ServerSocket(candidate, 1, InetAddress.getLoopbackAddress())) {
                    return candidate;
                } catch (IOException taken) {
                    // TCP side in use; try another
                }
            }
        }
        throw new IOException("no port free for both UDP and TCP on 127.0.0.1");
    }
}
