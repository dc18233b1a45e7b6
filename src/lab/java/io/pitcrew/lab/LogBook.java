package io.pitcrew.lab;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The container logs of one region, as the kubelet would serve them: lines with the time they were written.
 * The mock API server has no kubelet, so the lab keeps logs here and its dispatcher answers {@code /log}. Only the
 * running containers' logs: nothing in pitcrew asks for a previous container's ({@code previous=true}).
 */
final class LogBook {

    private final Map<String, List<ContainerLine>> current = new ConcurrentHashMap<>();

    void append(String namespace, String pod, List<ContainerLine> lines) {
        current.compute(key(namespace, pod), (k, old) -> {
            List<ContainerLine> merged = old == null ? new ArrayList<>() : new ArrayList<>(old);
            merged.addAll(lines);
            // a log is in time order, whatever order scenarios add lines in
            merged.sort(Comparator.comparing(ContainerLine::time));
            return List.copyOf(merged);
        });
    }

    List<ContainerLine> current(String namespace, String pod) {
        return current.getOrDefault(key(namespace, pod), List.of());
    }

    void clear() {
        current.clear();
    }

    private static String key(String namespace, String pod) {
        return namespace + "/" + pod;
    }
}
