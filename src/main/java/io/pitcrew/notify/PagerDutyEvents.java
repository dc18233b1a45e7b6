package io.pitcrew.notify;

import io.pitcrew.redact.Credentials;
import io.pitcrew.runbook.Severity;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * PagerDuty Events API v2 ({@code POST /v2/enqueue}): trigger, acknowledge and resolve one alert per incident.
 * The dedup key is derived from the incident id alone ({@code pitcrew-INC-7}), so a retried trigger never opens a
 * second alert and acknowledge/resolve find the first. The routing key is sent only in the event body.
 */
public final class PagerDutyEvents {

    static final int SUMMARY_MAX = 1024;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI enqueue;
    private final String routingKey;
    private final Courier courier;

    PagerDutyEvents(URI baseUrl, String routingKey, Courier courier) {
        String base = baseUrl.toString();
        this.enqueue = URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/v2/enqueue");
        this.routingKey = Objects.requireNonNull(routingKey, "routingKey");
        this.courier = courier;
    }

    /** The alert's key for an incident: the same for every event about it. */
    public static String dedupKey(String incidentId) {
        return "pitcrew-" + incidentId;
    }

    /** The runbook's mapping of P0-P3 onto PagerDuty's four severities. */
    public static String severity(Severity s) {
        return switch (s) {
            case P0 -> "critical";
            case P1 -> "error";
            case P2 -> "warning";
            case P3 -> "info";
        };
    }

    /** Opens (or, with the same dedup key, updates) the incident's alert. Returns the dedup key PagerDuty confirmed. */
    public Delivery<String> trigger(Notice.AboutIncident notice, AttemptListener listener) {
        IncidentBrief i = notice.incident();
        ObjectNode payload = JSON.createObjectNode();
        String summary = "[" + i.severity() + "] " + i.id() + " " + i.title()
                + (i.summary().isBlank() ? "" : " — " + i.summary());
        payload.put("summary", cut(summary));
        payload.put("source", i.regions().isEmpty() ? "pitcrew" : String.join(",", i.regions()));
        payload.put("severity", severity(i.severity()));
        payload.put("timestamp", notice.at().toString());
        payload.put("component", "coder");
        payload.put("group", "workshop");
        payload.put("class", "incident");
        ObjectNode details = payload.putObject("custom_details");
        details.put("incident", i.id());
        details.put("title", i.title());
        details.put("status", i.status().id());
        details.put("commander", i.commander().orElse("unassigned"));
        details.put("regions", String.join(", ", i.regions()));
        details.put("event", notice.headline());
        if (notice instanceof Notice.Escalated e && !e.reason().isBlank()) details.put("reason", e.reason());
        for (IncidentBrief.Link l : i.links()) details.put("link: " + l.label(), l.url().toString());
        return send("trigger", i.id(), payload, listener);
    }

    public Delivery<String> acknowledge(String incidentId, AttemptListener listener) {
        return send("acknowledge", incidentId, null, listener);
    }

    public Delivery<String> resolve(String incidentId, AttemptListener listener) {
        return send("resolve", incidentId, null, listener);
    }

    private Delivery<String> send(String action, String incidentId, ObjectNode payload, AttemptListener listener) {
        if (incidentId == null || !IncidentBrief.ID.matcher(incidentId).matches()) {
            // a value, like every other failure: the id becomes the dedup key, so nothing else may pass
            return new Delivery.Failed<>(Channel.PAGERDUTY, "not an incident id (INC-<n>): " + Credentials.scrub(String.valueOf(incidentId)),
                    0, OptionalInt.empty());
        }
        ObjectNode event = JSON.createObjectNode();
        event.put("routing_key", routingKey);
        event.put("event_action", action);
        event.put("dedup_key", dedupKey(incidentId));
        if (payload != null) {
            // what people wrote is scrubbed; the routing key, put in above, is the one secret that must go
            event.set("payload", JSON.readTree(Credentials.hideSent(JSON.writeValueAsString(payload))));
        }
        return courier.deliver(enqueue, Map.of("Accept", "application/json"), JSON.writeValueAsString(event),
                PagerDutyEvents::read, listener);
    }

    private static Courier.Reading<String> read(int status, String body) {
        JsonNode answer;
        try {
            answer = JSON.readTree(body.isBlank() ? "{}" : body);
        } catch (JacksonException e) {
            answer = JSON.createObjectNode();
        }
        if (status == 202 && "success".equals(answer.path("status").asString(""))) {
            return new Courier.Reading.Accepted<>(answer.path("dedup_key").asString(""),
                    answer.path("message").asString("Event processed"));
        }
        if (status >= 200 && status < 300) {
            return new Courier.Reading.Unreadable<>("HTTP " + status + " from PagerDuty without its \"status\": \"success\" answer: "
                    + "the event may have been taken; look in PagerDuty before sending it again");
        }
        StringBuilder why = new StringBuilder("HTTP " + status + ": PagerDuty refused the event");
        String message = answer.path("message").asString("");
        if (!message.isEmpty()) why.append(" (").append(message).append(")");
        for (JsonNode e : answer.path("errors")) why.append("; ").append(e.asString(""));
        return new Courier.Reading.Refused<>(why.toString());
    }

    private static String cut(String s) {
        return SlackMessage.cut(s, SUMMARY_MAX);
    }

    @Override
    public String toString() {
        return "PagerDutyEvents[" + enqueue + "]";
    }
}
