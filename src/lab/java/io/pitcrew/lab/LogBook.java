package io.pitcrew.lab;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The container logs of one region, as the kubelet would serve them: lines with the time they were written.
 * The mock API server has no kubelet, so the lab keeps logs here and its dispatcher answers {@code /log}.
 */
final class LogBook {


    private final Map<String, List<ContainerLine>> current = new ConcurrentHashMap<>();
    private final Map<String, List<ContainerLine>> previous = new ConcurrentHashMap<>();

    void append(String namespace, String pod, List<ContainerLine> lines) {
        current.compute(key(namespace, pod), (k, old) -> {
            List<ContainerLine> merged = old == null ? new ArrayList<>() : new ArrayList<>(old);
            merged.addAll(lines);
            // a log is in time order, whatever order scenarios add lines in
            merged.sort(java.util.Comparator.comparing(ContainerLine::time));
            return List.copyOf(merged);
        });
    }

    void appendPrevious(String namespace, String pod, List<ContainerLine> lines) {
        previous.merge(key(namespace, pod), List.copyOf(lines), (a, b) -> {
            List<ContainerLine> merged = new ArrayList<>(a);
            merged.addAll(b);
            return List.copyOf(merged);
        });
    }

    List<ContainerLine> current(String namespace, String pod) {
        return current.getOrDefault(key(namespace, pod), List.of());
    }

    /** Null when the container has not restarted: the kubelet answers 400 then. */
    List<ContainerLine> previous(String namespace, String pod) {
        return previous.get(key(namespace, pod));
    }

    void clear() {
        current.clear();
        previous.clear();
    }

    private static String key(String namespace, String pod) {
        return namespace + "/" + pod;
    }
}
