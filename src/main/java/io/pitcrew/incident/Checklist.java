package io.pitcrew.incident;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The runbook's "Post-Incident Checklist", its seven items in its order, each checked by someone at some time. */
public record Checklist(List<Item> items) {

    /**
     * @param key       a short id to check it by ({@code pitcrew incident checklist --check root-cause})
     * @param checkedBy who checked it, or an empty string; pitcrew checks some by itself (see {@link #auto})
     */
    public record Item(String key, String text, String checkedBy, String checkedAt) {
        public boolean checked() {
            return !checkedBy.isEmpty();
        }
    }

    public Checklist {
        items = List.copyOf(items);
    }

    public static Checklist runbook() {
        return new Checklist(List.of(
                unchecked("resolved", "Incident resolved and documented"),
                unchecked("root-cause", "Root cause identified"),
                unchecked("github-issue", "GitHub issue created for permanent fix"),
                unchecked("runbook-updated", "Runbook updated with new learnings"),
                unchecked("team-notified", "Team notified of resolution"),
                unchecked("participants-notified", "Participants notified if impacted"),
                unchecked("retrospective", "Incident added to post-workshop retrospective")));
    }

    private static Item unchecked(String key, String text) {
        return new Item(key, text, "", "");
    }

    public Optional<Item> item(String key) {
        return items.stream().filter(i -> i.key().equals(key)).findFirst();
    }

    public List<String> keys() {
        return items.stream().map(Item::key).toList();
    }

    /** Checked by {@code who}; an item checked already keeps who checked it first. */
    public Checklist check(String key, String who, Instant at) {
        if (item(key).isEmpty()) {
            throw new ChangeRefused("no checklist item '" + key + "'; items: " + String.join(", ", keys()));
        }
        List<Item> out = new ArrayList<>();
        for (Item i : items) {
            out.add(i.key().equals(key) && !i.checked() ? new Item(i.key(), i.text(), who, at.truncatedTo(ChronoUnit.SECONDS).toString()) : i);
        }
        return new Checklist(out);
    }

    public Checklist uncheck(String key) {
        if (item(key).isEmpty()) {
            throw new ChangeRefused("no checklist item '" + key + "'; items: " + String.join(", ", keys()));
        }
        return new Checklist(items.stream().map(i -> i.key().equals(key) ? unchecked(i.key(), i.text()) : i).toList());
    }

    /** What pitcrew checks by itself, as "pitcrew" so nobody mistakes it for a person's word. */
    public static final String AUTO = "pitcrew";

    public Checklist auto(String key, Instant at) {
        return check(key, AUTO, at);
    }

    public List<Item> unchecked() {
        return items.stream().filter(i -> !i.checked()).toList();
    }
}
