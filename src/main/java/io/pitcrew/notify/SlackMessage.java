package io.pitcrew.notify;

import io.pitcrew.config.Contacts.Contact;
import io.pitcrew.runbook.Finding;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link Notice} as a Slack Block Kit message for an incoming webhook: {@code text} (the fallback that
 * notifications and old clients show) and {@code blocks} — a header, a section, the incident's fields, a context
 * line with its links, a divider. Slack's limits are kept here, by cutting, so a long summary never costs the
 * message: header 150 characters, section text 3000, 10 fields of 2000, 50 blocks.
 */
public final class SlackMessage {

    static final int HEADER_MAX = 150;
    static final int SECTION_MAX = 3000;
    static final int FIELD_MAX = 2000;
    static final int FIELDS_MAX = 10;
    static final int BLOCKS_MAX = 50;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private SlackMessage() {}

    /** The webhook body for a notice. */
    public static ObjectNode of(Notice notice) {
        return switch (notice) {
            case Notice.AboutIncident about -> of(about);
            case Notice.FindingChanged f -> of(f);
        };
    }

    private static ObjectNode of(Notice.AboutIncident notice) {
        IncidentBrief i = notice.incident();
        String title = i.severity() + " " + i.id() + " " + notice.headline() + ": " + i.title();
        ObjectNode message = JSON.createObjectNode();
        message.put("text", cut(escape(title), SECTION_MAX));
        ArrayNode blocks = message.putArray("blocks");
        add(blocks, header(title));
        add(blocks, section(body(notice)));
        add(blocks, fields(notice));
        add(blocks, context(notice));
        add(blocks, JSON.createObjectNode().put("type", "divider"));
        return message;
    }

    /** The section's text: what happened, in the notice's own words. */
    private static String body(Notice.AboutIncident notice) {
        IncidentBrief i = notice.incident();
        String summary = i.summary().isBlank() ? "" : escape(i.summary());
        return switch (notice) {
            case Notice.Declared d -> "*Incident declared.* " + summary;
            case Notice.Acknowledged a -> "*Acknowledged* by " + escape(a.by()) + ". " + summary;
            case Notice.SeverityChanged s -> "*Severity " + s.from() + " → " + i.severity() + "* ("
                    + i.severity().label() + ": " + i.severity().definition() + "). " + summary;
            case Notice.StatusChanged s -> "*Status " + s.from().id() + " → " + i.status().id() + ".* " + summary;
            case Notice.ParticipantUpdate u -> "*Update for participants:* " + escape(u.message());
            case Notice.Escalated e -> "*Escalated to on-call.* " + escape(e.reason()) + (e.reason().isBlank() ? "" : "\n") + summary
                    + escalationList(e.contacts());
            case Notice.Resolved r -> "*Resolved.* Root cause: " + (r.rootCause().isBlank() ? "_not yet documented_" : escape(r.rootCause()));
        };
    }

    /** A finding serve detected or saw resolved: what it is, where, how bad, and where the runbook says what to do. */
    private static ObjectNode of(Notice.FindingChanged notice) {
        Finding f = notice.finding();
        String where = f.regions().isEmpty() ? "" : " (" + String.join(", ", f.regions()) + ")";
        String title = f.severity() + " " + notice.headline() + ": " + f.title() + where;
        ObjectNode message = JSON.createObjectNode();
        message.put("text", cut(escape(title), SECTION_MAX));
        ArrayNode blocks = message.putArray("blocks");
        add(blocks, header(title));
        String summary = f.summary().isBlank() ? "" : escape(f.summary());
        add(blocks, section(notice.resolved()
                ? "*Resolved:* pitcrew serve no longer sees `" + escape(notice.id()) + "`. " + summary
                : "*New finding* `" + escape(notice.id()) + "`: " + summary));
        ObjectNode fields = JSON.createObjectNode().put("type", "section");
        ArrayNode out = fields.putArray("fields");
        for (String field : List.of("*Severity*\n" + f.severity() + " (" + f.severity().label() + ")",
                "*Regions*\n" + (f.regions().isEmpty() ? "_none named_" : escape(String.join(", ", f.regions()))),
                "*Incident type*\n" + escape(f.incidentType()), "*Cause*\n" + escape(f.cause()),
                "*Affected*\n" + f.affected())) {
            out.addObject().put("type", "mrkdwn").put("text", cut(field, FIELD_MAX));
        }
        add(blocks, fields);
        ObjectNode context = JSON.createObjectNode().put("type", "context");
        context.putArray("elements").addObject().put("type", "mrkdwn").put("text", cut("pitcrew serve · " + TIME.format(notice.at())
                + (f.runbook() == null || f.runbook().isBlank() ? "" : " · runbook: " + escape(f.runbook())), FIELD_MAX));
        add(blocks, context);
        add(blocks, JSON.createObjectNode().put("type", "divider"));
        return message;
    }

    private static String escalationList(List<Contact> contacts) {
        if (contacts.isEmpty()) return "";
        StringBuilder b = new StringBuilder("\nCall, in order:");
        int n = 1;
        for (Contact c : contacts) {
            b.append("\n").append(n++).append(". *").append(escape(c.role())).append("*");
            if (!c.name().isBlank()) b.append(" ").append(escape(c.name()));
            if (!c.contact().isBlank()) b.append(" (").append(escape(c.contact())).append(")");
        }
        return b.toString();
    }

    private static ObjectNode fields(Notice.AboutIncident notice) {
        IncidentBrief i = notice.incident();
        List<String> fields = new ArrayList<>();
        fields.add("*Severity*\n" + i.severity() + " (" + i.severity().label() + ")");
        fields.add("*Status*\n" + i.status().id());
        fields.add("*Commander*\n" + i.commander().map(SlackMessage::escape).orElse("_unassigned_"));
        fields.add("*Regions*\n" + (i.regions().isEmpty() ? "_none named_" : escape(String.join(", ", i.regions()))));
        if (notice instanceof Notice.SeverityChanged s) fields.add("*Was*\n" + s.from());
        if (notice instanceof Notice.StatusChanged s) fields.add("*Was*\n" + s.from().id());
        ObjectNode block = JSON.createObjectNode().put("type", "section");
        ArrayNode out = block.putArray("fields");
        for (String f : fields.subList(0, Math.min(FIELDS_MAX, fields.size()))) {
            out.addObject().put("type", "mrkdwn").put("text", cut(f, FIELD_MAX));
        }
        return block;
    }

    private static ObjectNode context(Notice.AboutIncident notice) {
        IncidentBrief i = notice.incident();
        ObjectNode block = JSON.createObjectNode().put("type", "context");
        StringBuilder text = new StringBuilder("pitcrew · " + i.id() + " · " + TIME.format(notice.at()));
        for (IncidentBrief.Link link : i.links()) {
            text.append(" · <").append(escape(link.url().toString())).append("|").append(escape(link.label()).replace("|", "¦")).append(">");
        }
        block.putArray("elements").addObject().put("type", "mrkdwn").put("text", cut(text.toString(), FIELD_MAX));
        return block;
    }

    private static ObjectNode header(String title) {
        ObjectNode block = JSON.createObjectNode().put("type", "header");
        // plain_text: Slack shows it as written, so it is cut but not escaped
        block.putObject("text").put("type", "plain_text").put("text", cut(title, HEADER_MAX));
        return block;
    }

    private static ObjectNode section(String mrkdwn) {
        ObjectNode block = JSON.createObjectNode().put("type", "section");
        block.putObject("text").put("type", "mrkdwn").put("text", cut(mrkdwn.strip(), SECTION_MAX));
        return block;
    }

    private static void add(ArrayNode blocks, ObjectNode block) {
        if (blocks.size() < BLOCKS_MAX) blocks.add(block);
    }

    /**
     * Slack's three control characters in mrkdwn: without this a summary with {@code <!channel>} would ping the
     * whole channel, and {@code <http://x|y>} would hide a link behind other words.
     */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** At most {@code max} characters, ending in … when cut; never splits a surrogate pair or an escape. */
    static String cut(String text, int max) {
        if (text.length() <= max) return text;
        int end = max - 1;
        if (Character.isLowSurrogate(text.charAt(end))) end--;
        int amp = text.lastIndexOf('&', end - 1);
        if (amp >= 0 && amp > end - 5 && text.indexOf(';', amp) >= end) end = amp;
        return text.substring(0, end) + "…";
    }
}
