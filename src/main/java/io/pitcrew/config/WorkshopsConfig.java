package io.pitcrew.config;

import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.pitcrew.config.ConfigSection.describe;

/** Reads pitcrew.yaml's {@code workshops:}: the windows (name, start, end, participants) doctor, serve, preflight and retro know of. */
final class WorkshopsConfig {

    static final List<String> KEYS = List.of("name", "start", "end", "participants");
    /** A workshop is a day's event; a window of weeks is a typo in a date. */
    static final Duration LONGEST = Duration.ofDays(7);
    /** What people take part in one workshop; more is a typo, not a workshop. */
    private static final int MOST_PARTICIPANTS = 10_000;
    private static final int LONGEST_NAME = 100;
    private static final String EXAMPLE = "workshops:\n      - {name: ai-agents-nov, start: 2026-11-25T10:00:00+01:00, "
            + "end: 2026-11-25T16:00:00+01:00, participants: 40}";

    private WorkshopsConfig() {}

    static Workshops read(ConfigSection top) {
        JsonPointer at = top.at("workshops");
        JsonNode list = top.node.get("workshops");
        if (list == null || list.isNull()) return Workshops.none();
        if (!list.isArray()) {
            top.problem(at, "expected a list of workshops, got " + describe(list), "write " + EXAMPLE);
            return Workshops.none();
        }
        List<Workshop> out = new ArrayList<>();
        Map<String, Integer> names = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            JsonPointer ip = at.appendIndex(i);
            JsonNode item = list.get(i);
            if (!item.isObject()) {
                top.problem(ip, "expected a workshop (name, start, end, participants), got " + describe(item), "write " + EXAMPLE);
                continue;
            }
            ConfigSection s = top.item(item, ip, KEYS);
            String name = name(s);
            Instant start = time(s, "start");
            Instant end = time(s, "end");
            int participants = s.integer("participants", null, 1, MOST_PARTICIPANTS, "how many people take part, e.g. participants: 40");
            if (name != null) {
                Integer first = names.putIfAbsent(name, i);
                if (first != null) s.problem(s.at("name"), "workshop '" + name + "' is already workshops[" + first + "]",
                        "give each workshop its own name");
            }
            if (start == null || end == null) continue;
            if (!end.isAfter(start)) {
                s.problem(s.at("end"), "ends at " + end + ", not after its start " + start, "write an end after the start");
            } else if (Duration.between(start, end).compareTo(LONGEST) > 0) {
                s.problem(s.at("end"), "lasts " + DurationText.format(Duration.between(start, end)) + ", more than a week",
                        "a workshop is at most a week: check the dates");
            } else if (name != null && participants > 0) {
                out.add(new Workshop(name, start, end, participants));
            }
        }
        return new Workshops(out);
    }

    private static String name(ConfigSection s) {
        String what = "the workshop's name, e.g. ai-agents-nov (retro --workshop and preflight --workshop take it)";
        String name = s.text("name", null, what);
        if (name != null && name.length() > LONGEST_NAME) {
            s.problem(s.at("name"), "is " + name.length() + " characters long, more than " + LONGEST_NAME, "give a shorter name: " + what);
            return null;
        }
        return name;
    }

    /** An RFC 3339 time with its offset: a time without one would mean another moment on every machine. */
    private static Instant time(ConfigSection s, String key) {
        String fix = "write the time with its offset, e.g. " + key + ": 2026-11-25T10:00:00+01:00 (or ...Z for UTC)";
        String text = s.text(key, null, fix);
        if (text == null) return null;
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            s.problem(s.at(key), "'" + text + "' is not a time with an offset", fix);
            return null;
        }
    }
}
