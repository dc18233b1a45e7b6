package io.pitcrew.lab;

import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** {@code kubectl get jobs}: STATUS, COMPLETIONS, DURATION, AGE; wide: CONTAINERS, IMAGES, SELECTOR (printJob). */
final class JobTable implements KindTable {

    private static final List<TableColumn> COLUMNS = List.of(
            TableColumn.objectName(),
            TableColumn.string("Status", "Status of the job."),
            TableColumn.string("Completions", "The number of pods which reached phase Succeeded."),
            TableColumn.string("Duration", "Time required to complete the job."),
            TableColumn.age(),
            TableColumn.containers(),
            TableColumn.images(),
            TableColumn.string("Selector", "A label query over pods that should match the pod count.").wide());

    @Override
    public List<TableColumn> columns() { return COLUMNS; }

    @Override
    public List<Object> cells(JsonNode job, Instant now) {
        JsonNode spec = job.path("spec");
        JsonNode status = job.path("status");
        long succeeded = status.path("succeeded").asLong(0);
        String completions;
        if (spec.has("completions") && !spec.path("completions").isNull()) {
            completions = succeeded + "/" + spec.path("completions").asLong();
        } else {
            long parallelism = spec.path("parallelism").asLong(0);
            completions = parallelism > 1 ? succeeded + "/1 of " + parallelism : succeeded + "/1";
        }
        String duration = "";
        String start = status.path("startTime").asString("");
        if (!start.isEmpty()) {
            String end = status.path("completionTime").asString("");
            duration = HumanDuration.of(Duration.between(Instant.parse(start), end.isEmpty() ? now : Instant.parse(end)));
        }
        String state;
        if (condition(status, "Complete")) state = "Complete";
        else if (condition(status, "Failed")) state = "Failed";
        else if (job.path("metadata").has("deletionTimestamp")) state = "Terminating";
        else if (condition(status, "Suspended")) state = "Suspended";
        else if (condition(status, "FailureTarget")) state = "FailureTarget";
        else state = "Running";
        JsonNode template = spec.path("template").path("spec");
        return List.of(Cells.name(job), state, completions, duration, Cells.age(job, now), Cells.containerNames(template),
                Cells.containerImages(template), Cells.selectorOrNone(spec.path("selector")));
    }

    private static boolean condition(JsonNode status, String type) {
        for (JsonNode c : status.path("conditions")) {
            if (c.path("type").asString("").equals(type)) return c.path("status").asString("").equals("True");
        }
        return false;
    }
}
