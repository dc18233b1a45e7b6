package io.pitcrew.check;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.pitcrew.observe.RegionSnapshot;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runbook §5 "Check pod status for image pull errors" ({@code kubectl get pods -A | grep -E 'ImagePull|ErrImagePull'})
 * and "Check pod events": pods that cannot pull their image, sorted by why, from the kubelet's own words.
 * {@code ImagePullBackOff} only says "Back-off pulling image", so the reason comes from the pod's latest
 * {@code Failed} event when the status does not carry it.
 */
public final class ImagePullCheck implements Check {

    public static final String AUTH = "image-pull-auth";
    public static final String NOT_FOUND = "image-pull-not-found";
    public static final String RATE_LIMITED = "image-pull-rate-limited";
    public static final String UNREACHABLE = "image-pull-unreachable";

    /**
     * What a pull failure message says, in the order to test it: a 429 body may also say "denied". Status codes are
     * matched with their text ("429 Too Many Requests", as containerd writes an HTTP status), never as bare digits: a
     * message names the image, and an ECR account id or a digest may hold "429".
     */
    enum Why {
        RATE_LIMITED(ImagePullCheck.RATE_LIMITED, "toomanyrequests", "too many requests", "rate limit"),
        AUTH(ImagePullCheck.AUTH, "401 unauthorized", "403 forbidden", "no basic auth credentials", "unauthorized",
                "authorization failed", "pull access denied", "denied:", "authentication required"),
        NOT_FOUND(ImagePullCheck.NOT_FOUND, "notfound", "not found", "manifest unknown", "name unknown",
                "repository does not exist", "invalidimagename"),
        UNREACHABLE(ImagePullCheck.UNREACHABLE, "i/o timeout", "dial tcp", "connection refused", "no such host",
                "tls handshake timeout", "context deadline exceeded", "request canceled", "connection reset");

        final String signal;
        final String[] words;

        Why(String signal, String... words) {
            this.signal = signal;
            this.words = words;
        }

        static Why of(String message) {
            String m = message.toLowerCase(Locale.ROOT);
            for (Why w : values()) {
                for (String word : w.words) if (m.contains(word)) return w;
            }
            return null;
        }
    }

    private static final CheckHeader HEADER = new CheckHeader("image-pull-errors",
            List.of(AUTH, NOT_FOUND, RATE_LIMITED, UNREACHABLE), EnumSet.of(Input.PODS, Input.EVENTS, Input.CLOCK));

    @Override
    public CheckHeader header() { return HEADER; }

    @Override
    public List<Signal> check(RegionSnapshot region, CheckContext context) {
        String r = region.region().name();
        Map<String, Event> lastFailure = lastPullFailures(region.events(), context);
        Map<Why, EvidenceTally> byWhy = new HashMap<>();
        for (Pod pod : region.pods()) {
            ContainerStatus failing = failingPull(pod);
            if (failing == null) continue;
            String ns = pod.getMetadata().getNamespace();
            String name = pod.getMetadata().getName();
            String message = failing.getState().getWaiting().getMessage() == null ? "" : failing.getState().getWaiting().getMessage();
            Why why = Why.of(message);
            Event event = lastFailure.get(ns + "/" + name);
            if (why == null && event != null) {
                why = Why.of(event.getMessage());
                message = message.isEmpty() ? event.getMessage() : message + " | last event: " + event.getMessage();
            }
            if (why == null) continue; // pulling trouble without a stated cause: nothing to sort it by yet
            byWhy.computeIfAbsent(why, w -> new EvidenceTally()).add(new Evidence(r, "Pod", ns, name,
                    failing.getState().getWaiting().getReason() + " (container " + failing.getName() + "): " + message));
        }
        List<Signal> out = new ArrayList<>();
        for (Why why : Why.values()) {
            EvidenceTally t = byWhy.get(why);
            if (t == null) continue;
            t.emit(out, why.signal, r, EvidenceTally.count(t.affected(), "pod") + " cannot pull "
                    + switch (why) {
                        case AUTH -> "their image: the registry rejects the credentials";
                        case NOT_FOUND -> "their image: the image or tag does not exist";
                        case RATE_LIMITED -> "their image: the registry is rate limiting";
                        case UNREACHABLE -> "their image: the registry cannot be reached";
                    });
        }
        return out;
    }

    /** The first container (init containers included) waiting on a failed pull, else null. */
    static ContainerStatus failingPull(Pod pod) {
        if (pod.getStatus() == null) return null;
        return Stream.concat(
                        pod.getStatus().getInitContainerStatuses() == null ? Stream.empty() : pod.getStatus().getInitContainerStatuses().stream(),
                        pod.getStatus().getContainerStatuses() == null ? Stream.empty() : pod.getStatus().getContainerStatuses().stream())
                .filter(cs -> cs.getState() != null && cs.getState().getWaiting() != null)
                .filter(cs -> {
                    String reason = cs.getState().getWaiting().getReason();
                    return "ErrImagePull".equals(reason) || "ImagePullBackOff".equals(reason) || "InvalidImageName".equals(reason);
                })
                .findFirst().orElse(null);
    }

    /** The newest "Failed to pull image" event of each pod within the restart window, by namespace/name. */
    private static Map<String, Event> lastPullFailures(List<Event> events, CheckContext context) {
        Map<String, Event> out = new HashMap<>();
        Map<String, Instant> when = new HashMap<>();
        for (Event e : events) {
            if (e.getInvolvedObject() == null || !"Pod".equals(e.getInvolvedObject().getKind())) continue;
            if (e.getMessage() == null || !e.getMessage().startsWith("Failed to pull image")) continue;
            Instant at = KubeTime.lastSeen(e);
            if (at != null && !KubeTime.within(at, context.now(), context.thresholds().restartWindow())) continue;
            String key = e.getInvolvedObject().getNamespace() + "/" + e.getInvolvedObject().getName();
            Instant seen = when.get(key);
            if (seen == null || (at != null && at.isAfter(seen))) {
                out.put(key, e);
                when.put(key, at == null ? Instant.MIN : at);
            }
        }
        return out;
    }
}
