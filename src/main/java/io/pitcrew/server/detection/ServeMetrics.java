package io.pitcrew.server.detection;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The Prometheus text of {@code /metrics}: findings by type and severity, evaluation latency, watch reconnects, check
 * runs, notification failures, whether this replica leads.
 */
public final class ServeMetrics {

    /** Evaluation latency buckets in seconds: a healthy evaluation takes milliseconds. */
    private static final double[] BUCKETS = {0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS.length);
    private final AtomicLong evaluations = new AtomicLong();
    private final AtomicLong sumMicros = new AtomicLong();
    /** Check runs by check name: what incremental evaluation saves shows as the checks that do not climb. */
    private final Map<String, AtomicLong> checksEvaluated = new ConcurrentSkipListMap<>();
    /** Notifications given up on (after their retries), by channel. */
    private final Map<String, AtomicLong> notificationFailures = new ConcurrentSkipListMap<>();
    /** Whether this replica leads: until serve says otherwise, it is alone and does. */
    private volatile Leadership leadership = Leadership.alone();

    /** The leadership {@code pitcrew_leader} reports. */
    public void follow(Leadership l) {
        leadership = l;
    }

    void checkEvaluated(String check) {
        checksEvaluated.computeIfAbsent(check, k -> new AtomicLong()).incrementAndGet();
    }

    long checksEvaluated(String check) {
        AtomicLong n = checksEvaluated.get(check);
        return n == null ? 0 : n.get();
    }

    void notificationFailed(String channel) {
        notificationFailures.computeIfAbsent(channel, k -> new AtomicLong()).incrementAndGet();
    }

    long notificationFailures(String channel) {
        AtomicLong n = notificationFailures.get(channel);
        return n == null ? 0 : n.get();
    }

    void evaluated(Duration took) {
        double seconds = took.toNanos() / 1e9;
        for (int i = 0; i < BUCKETS.length; i++) if (seconds <= BUCKETS[i]) counts.incrementAndGet(i);
        evaluations.incrementAndGet();
        sumMicros.addAndGet(took.toNanos() / 1000);
    }

    /** A region as the metrics see it. */
    public record RegionGauge(String name, boolean up, long reconnects) {}

    public String render(List<TrackedFinding> findings, List<RegionGauge> regions) {
        StringBuilder out = new StringBuilder();
        out.append("# HELP pitcrew_findings Findings not yet resolved, by incident type, cause and severity.\n");
        out.append("# TYPE pitcrew_findings gauge\n");
        Map<String, Integer> active = new TreeMap<>();
        for (TrackedFinding t : findings) {
            if (!t.active()) continue;
            active.merge("incident_type=\"" + t.finding().incidentType() + "\",cause=\"" + t.finding().cause()
                    + "\",severity=\"" + t.finding().severity() + "\"", 1, Integer::sum);
        }
        active.forEach((labels, n) -> out.append("pitcrew_findings{").append(labels).append("} ").append(n).append('\n'));
        out.append("# HELP pitcrew_findings_resolved Resolved findings still listed.\n# TYPE pitcrew_findings_resolved gauge\n");
        out.append("pitcrew_findings_resolved ").append(findings.stream().filter(t -> !t.active()).count()).append('\n');
        out.append("# HELP pitcrew_evaluation_seconds Time to diagnose the cached state of every region.\n");
        out.append("# TYPE pitcrew_evaluation_seconds histogram\n");
        for (int i = 0; i < BUCKETS.length; i++) {
            out.append("pitcrew_evaluation_seconds_bucket{le=\"").append(BUCKETS[i]).append("\"} ").append(counts.get(i)).append('\n');
        }
        out.append("pitcrew_evaluation_seconds_bucket{le=\"+Inf\"} ").append(evaluations.get()).append('\n');
        out.append("pitcrew_evaluation_seconds_sum ").append(String.format(Locale.ROOT, "%.6f", sumMicros.get() / 1e6)).append('\n');
        out.append("pitcrew_evaluation_seconds_count ").append(evaluations.get()).append('\n');
        out.append("# HELP pitcrew_watch_reconnects_total Watches that closed with an error and were listed and watched again.\n");
        out.append("# TYPE pitcrew_watch_reconnects_total counter\n");
        regions.forEach(r -> out.append("pitcrew_watch_reconnects_total{region=\"").append(r.name()).append("\"} ").append(r.reconnects()).append('\n'));
        out.append("# HELP pitcrew_region_up 1 when the region's API server answers its lists.\n# TYPE pitcrew_region_up gauge\n");
        regions.forEach(r -> out.append("pitcrew_region_up{region=\"").append(r.name()).append("\"} ").append(r.up() ? 1 : 0).append('\n'));
        out.append("# HELP pitcrew_checks_evaluated_total Check runs; a check runs only when something it reads changed.\n");
        out.append("# TYPE pitcrew_checks_evaluated_total counter\n");
        checksEvaluated.forEach((check, n) -> out.append("pitcrew_checks_evaluated_total{check=\"").append(check).append("\"} ").append(n.get()).append('\n'));
        out.append("# HELP pitcrew_notification_failures_total Notifications of new and resolved findings not delivered after their retries.\n");
        out.append("# TYPE pitcrew_notification_failures_total counter\n");
        notificationFailures.forEach((channel, n) -> out.append("pitcrew_notification_failures_total{channel=\"").append(channel).append("\"} ").append(n.get()).append('\n'));
        out.append("# HELP pitcrew_leader 1 on the replica that leads (records and announces finding transitions), 0 on the others.\n");
        out.append("# TYPE pitcrew_leader gauge\n");
        out.append("pitcrew_leader ").append(leadership.leads() ? 1 : 0).append('\n');
        jvmMemory(out);
        return out.toString();
    }

    /** The JVM's own memory, so a dashboard can watch serve's footprint grow with the platform (bench/serve-memory.sh). */
    private static void jvmMemory(StringBuilder out) {
        var memory = ManagementFactory.getMemoryMXBean();
        out.append("# HELP jvm_memory_used_bytes Used bytes of the JVM's heap and non-heap memory.\n# TYPE jvm_memory_used_bytes gauge\n");
        out.append("jvm_memory_used_bytes{area=\"heap\"} ").append(memory.getHeapMemoryUsage().getUsed()).append('\n');
        out.append("jvm_memory_used_bytes{area=\"nonheap\"} ").append(memory.getNonHeapMemoryUsage().getUsed()).append('\n');
        out.append("# HELP jvm_memory_committed_bytes Bytes the JVM has reserved from the OS for heap and non-heap memory.\n");
        out.append("# TYPE jvm_memory_committed_bytes gauge\n");
        out.append("jvm_memory_committed_bytes{area=\"heap\"} ").append(memory.getHeapMemoryUsage().getCommitted()).append('\n');
        out.append("jvm_memory_committed_bytes{area=\"nonheap\"} ").append(memory.getNonHeapMemoryUsage().getCommitted()).append('\n');
    }
}
