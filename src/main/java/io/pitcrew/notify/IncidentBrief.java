package io.pitcrew.notify;

import io.pitcrew.runbook.Severity;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What every notification says about an incident. It is built by the incident commands from their own model, and
 * holds only what may be shown to anyone in the incident channel: no credential, no secret value.
 *
 * @param id        {@code INC-<n>}; it becomes PagerDuty's dedup key and is checked so nothing else can
 * @param summary   one or two sentences of what users see, or an empty string
 * @param commander the incident commander (required by the runbook for P0/P1 before they leave investigating)
 */
public record IncidentBrief(String id, String title, Severity severity, IncidentStatus status, List<String> regions,
                            String summary, Optional<String> commander, List<Link> links) {

    static final Pattern ID = Pattern.compile("INC-[1-9][0-9]{0,9}");

    public IncidentBrief {
        Objects.requireNonNull(id, "id");
        if (!ID.matcher(id).matches()) throw new IllegalArgumentException("an incident id is INC-<n>, not " + id);
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(status, "status");
        regions = List.copyOf(regions);
        summary = summary == null ? "" : summary;
        commander = commander.filter(c -> !c.isBlank());
        links = List.copyOf(links);
    }

    /** A link shown with a notification: a finding, a dashboard, the runbook section. Only http(s). */
    public record Link(String label, URI url) {
        public Link {
            Objects.requireNonNull(label, "label");
            String scheme = url.getScheme();
            if (!"https".equals(scheme) && !"http".equals(scheme)) {
                throw new IllegalArgumentException("a link is an http(s) URL, not " + url);
            }
        }
    }
}
