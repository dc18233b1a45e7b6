package io.pitcrew.notify;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** A {@link FollowUp} as the Markdown body of a GitHub issue. */
final class IssueBody {

    /** GitHub refuses issue bodies over 65536 characters; the timeline is cut first. */
    static final int MAX = 65_000;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private IssueBody() {}

    static String title(FollowUp f) {
        return f.incident().id() + " follow-up: " + f.incident().title();
    }

    static String of(FollowUp f) {
        IncidentBrief i = f.incident();
        StringBuilder b = new StringBuilder();
        b.append("Permanent fix for incident **").append(i.id()).append("**, ").append(i.severity()).append(" (")
                .append(i.severity().label()).append("), ").append(i.status().id()).append(".\n\n");
        if (!i.summary().isBlank()) b.append(i.summary().strip()).append("\n\n");
        b.append("- **Regions:** ").append(i.regions().isEmpty() ? "none named" : String.join(", ", i.regions())).append('\n');
        b.append("- **Incident commander:** ").append(i.commander().orElse("unassigned")).append("\n\n");
        b.append("## Root cause\n\n").append(f.rootCause().isBlank() ? "_Not yet documented._" : f.rootCause().strip()).append("\n\n");
        if (!f.permanentFix().isBlank()) b.append("## Permanent fix\n\n").append(f.permanentFix().strip()).append("\n\n");
        b.append("## Timeline\n\n");
        if (f.timeline().isEmpty()) b.append("_No entries._\n");
        StringBuilder links = new StringBuilder();
        for (IncidentBrief.Link l : i.links()) {
            links.append("- [").append(l.label().replace("]", "\\]")).append("](").append(l.url()).append(")\n");
        }
        String tail = (links.isEmpty() ? "" : "\n## Links\n\n" + links) + "\n_Opened by pitcrew._\n";
        for (FollowUp.Entry e : f.timeline()) {
            String line = "- " + TIME.format(e.at()) + " — " + e.text().strip().replace("\n", " ") + "\n";
            if (b.length() + line.length() + tail.length() > MAX - 40) {
                b.append("- … (timeline cut to fit GitHub's limit)\n");
                break;
            }
            b.append(line);
        }
        return b.append(tail).toString();
    }
}
