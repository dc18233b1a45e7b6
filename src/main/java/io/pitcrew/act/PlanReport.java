package io.pitcrew.act;

import io.pitcrew.text.Columns;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How a plan and its outcome are shown: a table for people, JSON for scripts. */
public final class PlanReport {

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private PlanReport() {}

    public static String table(Action action, Outcome o) {
        StringBuilder b = new StringBuilder();
        Plan plan = o.plan();
        b.append(action.id()).append(options(plan.parameters())).append(": ").append(action.summary()).append('\n');
        List<Change> changes = plan.changes();
        if (!changes.isEmpty()) {
            Columns table = Columns.headed("REGION", "OBJECT", "FIELD", "BEFORE → AFTER");
            for (Change c : changes) {
                table.row(c.region(), c.object(), c.field(), c.changes() ? c.before() + " → " + c.after() : c.before() + " (already)");
            }
            b.append(table.render("  "));
        }
        String id = o.auditId().isPresent() ? " (audit #" + o.auditId().getAsLong() + ")" : "";
        switch (o.result()) {
            case PLANNED -> {
                plan.inverse().ifPresent(i -> b.append("undo: pitcrew fix revert <audit id> would run ").append(i.commandLine()).append('\n'));
                plan.resumeAt().ifPresent(t -> b.append("resume due: ").append(t).append('\n'));
                b.append("dry run: nothing changed. Apply with: pitcrew fix ").append(action.id())
                        .append(options(plan.parameters())).append(" --yes\n");
            }
            case IN_EFFECT -> b.append(o.detail()).append(id).append('\n');
            case REFUSED -> b.append("refused").append(id).append(": ").append(o.detail()).append('\n');
            case FAILED -> b.append("failed").append(id).append(": ").append(o.detail()).append('\n');
            case APPLIED, UNVERIFIED -> {
                b.append(o.detail()).append(id).append('\n');
                plan.inverse().ifPresent(i -> b.append("undo: pitcrew fix revert ").append(o.auditId().getAsLong())
                        .append("  (runs ").append(i.commandLine()).append(")\n"));
                plan.resumeAt().ifPresent(t -> b.append("resume due: ").append(t).append('\n'));
            }
        }
        return b.toString();
    }

    public static String json(Outcome o) {
        return JSON.writeValueAsString(document(o)) + "\n";
    }

    /** The outcome as data: the one shape of {@code fix -o json}, {@code -o yaml} and the HTTP API. */
    public static Map<String, Object> document(Outcome o) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("action", o.plan().action());
        doc.put("parameters", o.plan().parameters().values());
        doc.put("result", o.result().id());
        doc.put("detail", o.detail());
        doc.put("auditId", o.auditId().isPresent() ? o.auditId().getAsLong() : null);
        doc.put("changes", o.plan().changes());
        doc.put("applied", o.applied());
        doc.put("undo", o.plan().inverse().orElse(null));
        doc.put("resumeAt", o.plan().resumeAt().map(Object::toString).orElse(null));
        return doc;
    }

    /** The parameters as typed: {@code --replicas 10}, and a flag alone ({@code --from-stdin}). */
    private static String options(Parameters p) {
        StringBuilder b = new StringBuilder();
        p.values().forEach((k, v) -> b.append(" --").append(k).append("true".equals(v) ? "" : " " + v));
        return b.toString();
    }
}
