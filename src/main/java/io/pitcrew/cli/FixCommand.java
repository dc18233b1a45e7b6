package io.pitcrew.cli;

import io.pitcrew.act.Action;
import io.pitcrew.act.AuditDocument;
import io.pitcrew.act.Actions;
import io.pitcrew.act.Inverse;
import io.pitcrew.act.Outcome;
import io.pitcrew.act.Parameters;
import io.pitcrew.act.PlanReport;
import io.pitcrew.act.Platform;
import io.pitcrew.act.Revert;
import io.pitcrew.act.SafePath;
import io.pitcrew.doctor.DoctorReport;
import io.pitcrew.doctor.ReportJson;
import io.pitcrew.incident.ActionsTaken;
import io.pitcrew.incident.Incidents;
import io.pitcrew.runbook.Cause;
import io.pitcrew.runbook.Finding;
import io.pitcrew.runbook.Fix;
import io.pitcrew.runbook.Runbook;
import io.pitcrew.store.AuditEntry;
import io.pitcrew.store.Store;
import io.pitcrew.text.Columns;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;

/** {@code pitcrew fix}: the runbook's resolutions, planned first, applied only with --yes, verified and recorded. */
@Command(name = "fix", mixinStandardHelpOptions = true,
        description = {"Apply one of the runbook's resolutions safely: plan, show, confirm, apply, verify, record.",
                "Without --yes it shows the plan (every object and field, before → after) and changes nothing. With --yes "
                        + "it applies the plan (writes conditional on resourceVersion: never a blind overwrite), waits until "
                        + "it took effect, and records it in the audit log. Plans beyond bounds: in pitcrew.yaml are refused."},
        footer = {"", "Actions (pitcrew fix --list shows their options):",
                "  pause-key-rotation, resume-key-rotation, delete-workspace-pod, restart-coder, sync-mirror,",
                "  refresh-pull-secret, scale-litellm, update-litellm-credentials, restart-litellm, scale-provisioners,",
                "  raise-provisioner-limits",
                "", "Examples:",
                "  pitcrew fix scale-provisioners                       show the plan",
                "  pitcrew fix scale-provisioners --yes                 apply it",
                "  pitcrew fix pause-key-rotation --for 4h --yes        pause the key rotator, resume due in 4 h",
                "  pitcrew fix --revert 12 --yes                        undo audit row 12",
                "  pitcrew fix --from-finding resource-contention/insufficient-provisioners",
                "  pitcrew doctor -o json | pitcrew fix --from-finding -",
                "", "Exit codes: 0 applied, already in effect or planned; 2 bad input; 3 refused; 4 failed or not verified, or the store cannot be used."})
final class FixCommand implements Callable<Integer> {

    @picocli.CommandLine.Parameters(index = "0", arity = "0..1", paramLabel = "ACTION", description = "The action's id (see --list)")
    String actionId;

    @Mixin
    PlatformOptions platform;

    @Option(names = "--yes", description = "Apply the plan (without it nothing is changed)")
    boolean yes;

    @Option(names = "--as", paramLabel = "NAME", description = "Who applies it, for the audit log (default: the OS user)")
    String actor;

    @Mixin
    StoreOptions storeOptions;

    @Mixin
    OutputOptions output;

    @Option(names = "--wait", paramLabel = "DURATION", defaultValue = "120s", converter = DurationOption.Wait.class,
            description = "How long to wait for an applied plan to take effect: 90s, 5m, or seconds (default 120s, at most 1h)")
    Duration wait;

    @Option(names = "--list", description = "List the actions and their options")
    boolean list;

    @Option(names = "--audit", description = "Show the latest rows of the audit log")
    boolean showAudit;

    @Option(names = "--from-finding", paramLabel = "TYPE/CAUSE",
            description = "Show the actions a finding calls for (incidentType/cause as doctor -o json prints them) and their plans; "
                    + "'-' reads doctor's JSON report from stdin and prints the fix commands for every finding")
    String fromFinding;

    @Option(names = "--incident", paramLabel = "INC-n",
            description = "The incident whose timeline records this fix (default: the only open incident, if there is one)")
    String incident;

    @Option(names = "--revert", paramLabel = "AUDIT-ID", description = "Undo the fix applied in this audit row")
    Long revert;

    // The actions' parameters; each action says which it takes.
    @Option(names = "--replicas", paramLabel = "N", description = "scale-provisioners, scale-litellm, resume-key-rotation") String replicas;
    @Option(names = "--others", paramLabel = "N", description = "scale-provisioners: experimental and demo replicas") String others;
    @Option(names = "--region", paramLabel = "REGION", description = "restart-coder, delete-workspace-pod, refresh-pull-secret") String region;
    @Option(names = "--pod", paramLabel = "NAME", description = "delete-workspace-pod") String pod;
    @Option(names = {"-n", "--namespace"}, paramLabel = "NS", description = "delete-workspace-pod, refresh-pull-secret") String namespace;
    @Option(names = "--cpu", paramLabel = "QUANTITY", description = "raise-provisioner-limits") String cpu;
    @Option(names = "--memory", paramLabel = "QUANTITY", description = "raise-provisioner-limits") String memory;
    @Option(names = "--for", paramLabel = "DURATION", converter = DurationOption.Pause.class,
            description = "pause-key-rotation: resume due after this long (4h, 90m; at most 24h)") Duration forDuration;
    @Option(names = "--until", paramLabel = "TIME", description = "pause-key-rotation: resume due at this time") String until;
    @Option(names = "--secret", paramLabel = "NAME", description = "refresh-pull-secret, update-litellm-credentials") String secret;
    @Option(names = "--from-stdin", description = "update-litellm-credentials: read the new values as KEY=VALUE lines from stdin") boolean fromStdin;
    @Option(names = "--from-env", paramLabel = "NAME,...", description = "update-litellm-credentials: the new values from these environment variables") String fromEnv;
    @Option(names = "--expires-at", paramLabel = "TIME", description = "update-litellm-credentials: when the new credentials expire (RFC 3339)") String expiresAt;

    /** Where --from-stdin reads; tests replace it. */
    java.io.InputStream stdin = System.in;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = output.writer();
        int exit = answer(out);
        output.finish();
        return exit;
    }

    private int answer(PrintWriter out) {
        OutputFormat format = output.format();
        if (list) {
            out.print(format.isData() ? format.write(Map.of("actions", Actions.ALL.stream().map(FixCommand::actionFields).toList())) : listing());
            return 0;
        }
        if (showAudit) {
            try (Store store = storeOptions.open(Store.Access.READ, spec.commandLine().getErr())) {
                List<AuditEntry> rows = store.audit().latest(20);
                out.print(format.isData() ? format.write(Map.of("entries", rows.stream().map(AuditDocument::of).toList())) : auditListing(rows));
                return 0;
            }
        }
        if (fromFinding != null) return fromFinding(out);
        if (revert != null) return revert(out);
        if (actionId == null) {
            throw new IllegalArgumentException("name an action (pitcrew fix --list shows them), or use --revert, --from-finding or --audit");
        }
        Action action = Actions.byId(actionId).orElseThrow(() -> new IllegalArgumentException("unknown action '" + actionId
                + "'; actions: " + String.join(", ", Actions.ids())));
        Outcome outcome = run(action, parameters(action), yes, OptionalLong.empty());
        out.print(shown(action, outcome));
        return outcome.result().exitCode();
    }

    /** The plan and what came of it, in the format asked for. */
    private String shown(Action action, Outcome outcome) {
        OutputFormat format = output.format();
        return format.isData() ? format.write(PlanReport.document(outcome)) : PlanReport.table(action, outcome);
    }

    private Outcome run(Action action, Parameters parameters, boolean apply, OptionalLong reverts) {
        PlatformOptions.Loaded loaded = platform.loadConfig();
        PrintWriter err = spec.commandLine().getErr();
        // The store is opened before anything is planned, so a fix is never applied without its audit log.
        try (Store store = storeOptions.open(Store.Access.WRITE, err);
             Platform p = Platform.connect(loaded.config(), platform.loadKubeconfig(loaded))) {
            SafePath path = new SafePath(p, store.audit(), actor(), wait, line -> {
                err.println(line);
                err.flush();
            }, Clock.systemUTC());
            // a mistyped --incident is bad input before anything is changed, not an error after
            if (incident != null) new Incidents(store, Clock.systemUTC()).get(incident);
            Outcome outcome = path.run(action, parameters, apply, reverts);
            // The incident log records the fix by itself; the fix is done and audited whatever happens here.
            ActionsTaken.record(new Incidents(store, Clock.systemUTC()), Optional.ofNullable(incident), outcome, actor(), line -> {
                err.println(line);
                err.flush();
            });
            return outcome;
        }
    }

    private int revert(PrintWriter out) {
        Optional<Inverse> inverse;
        try (Store store = storeOptions.open(Store.Access.READ, spec.commandLine().getErr())) {
            inverse = Revert.of(store.audit(), revert);
        }
        OutputFormat format = output.format();
        if (inverse.isEmpty()) {
            String nothing = "audit #" + revert + " is reverted already: nothing to do";
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("reverts", revert);
            doc.put("result", "in-effect");
            doc.put("detail", nothing);
            out.print(format.isData() ? format.write(doc) : nothing + "\n");
            return 0;
        }
        Action action = Actions.byId(inverse.get().action()).orElseThrow(() -> new IllegalArgumentException(
                "--revert " + revert + ": its inverse " + inverse.get().action() + " is not an action of this pitcrew"));
        // as data, stdout is the outcome's document alone
        PrintWriter said = format.isData() ? spec.commandLine().getErr() : out;
        said.println("revert of audit #" + revert + ": " + inverse.get().commandLine());
        said.flush();
        Outcome outcome = run(action, new Parameters(inverse.get().parameters()), yes, OptionalLong.of(revert));
        out.print(shown(action, outcome));
        return outcome.result().exitCode();
    }

    private int fromFinding(PrintWriter out) {
        if (fromFinding.equals("-")) return fromReport(out);
        // the user's incident types too: theirs may name a built-in action
        Runbook runbook = platform.loadRunbook(platform.loadConfig().config());
        List<Fix> fixes = runbook.cause(fromFinding).map(Cause::fix).filter(f -> !f.isEmpty())
                .orElseThrow(() -> new IllegalArgumentException("--from-finding " + fromFinding
                        + ": pitcrew has no action for this finding; findings with actions: " + String.join(", ", runbook.fixable())));
        OutputFormat format = output.format();
        if (!format.isData()) {
            out.println(fromFinding + " — the runbook's resolution:");
            for (Fix f : fixes) out.println("  pitcrew fix " + f.action() + "    " + action(f).summary());
            out.println();
        }
        int exit = 0;
        List<Map<String, Object>> plans = new ArrayList<>();
        for (Fix f : fixes) {
            Action a = action(f);
            try {
                Outcome outcome = run(a, withWritten(f, parameters(a)), false, OptionalLong.empty());
                exit = Math.max(exit, outcome.result().exitCode());
                if (format.isData()) plans.add(PlanReport.document(outcome));
                else out.print(PlanReport.table(a, outcome));
            } catch (IllegalArgumentException needsInput) {
                // e.g. delete-workspace-pod needs --pod: the finding's evidence names the pods
                if (format.isData()) plans.add(Map.of("action", a.id(), "needs", needsInput.getMessage()));
                else out.println(a.id() + ": " + needsInput.getMessage());
            }
        }
        if (format.isData()) out.print(format.write(Map.of("finding", fromFinding, "plans", plans)));
        return exit;
    }

    /** The action a fix names: the runbook loader let only actions of {@code FixAction.ALL} through, and those are {@link Actions#ALL}. */
    private static Action action(Fix fix) {
        return Actions.byId(fix.action()).orElseThrow();
    }

    /**
     * The options given, over the values the runbook writes for this fix ({@code replicas: "12"}); those it fills in
     * from a finding's evidence ({@code "{pod}"}) have no finding to come from here.
     */
    private static Parameters withWritten(Fix fix, Parameters given) {
        Map<String, String> values = new LinkedHashMap<>();
        fix.fill(List.of(), List.of()).stream().findFirst().ifPresent(values::putAll);
        values.putAll(given.values());
        return new Parameters(values, given.secrets());
    }

    /**
     * {@code pitcrew doctor -o json | pitcrew fix --from-finding -}: for every finding of the report, the fix commands
     * its resolution calls for, with what the evidence names filled in (the pod to delete, the region to restart).
     */
    private int fromReport(PrintWriter out) {
        DoctorReport report;
        try {
            report = ReportJson.read(new String(stdin.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalArgumentException("--from-finding -: cannot read stdin: " + e.getMessage());
        } catch (ReportJson.NotAReport e) {
            throw new IllegalArgumentException("--from-finding -: stdin is not doctor's JSON report (pitcrew doctor -o json): " + e.getMessage());
        }
        OutputFormat format = output.format();
        List<Map<String, Object>> fixes = new ArrayList<>();
        int offered = 0;
        for (Finding f : report.findings()) {
            if (f.fixes().isEmpty()) continue;
            List<String> commands = f.fixes().stream().flatMap(fix -> fix.commandLines().stream()).toList();
            offered += commands.size();
            Map<String, Object> fix = new LinkedHashMap<>();
            fix.put("finding", f.key());
            fix.put("regions", f.regions());
            fix.put("commands", commands);
            fixes.add(fix);
            if (!format.isData()) {
                out.println(f.key() + " [" + String.join(", ", f.regions()) + "]:");
                commands.forEach(c -> out.println("  " + c));
            }
        }
        if (format.isData()) out.print(format.write(Map.of("fixes", fixes)));
        else if (offered == 0) out.println("no finding in the report has a pitcrew fix action");
        return 0;
    }

    /** The parameters given on the command line, refusing any the action does not take. */
    private Parameters parameters(Action action) {
        Map<String, String> given = new LinkedHashMap<>();
        put(given, "replicas", replicas);
        put(given, "others", others);
        put(given, "region", region);
        put(given, "pod", pod);
        put(given, "namespace", namespace);
        put(given, "cpu", cpu);
        put(given, "memory", memory);
        if (forDuration != null) given.put("for", typed("--for"));
        put(given, "until", until);
        put(given, "secret", secret);
        if (fromStdin) given.put("from-stdin", "true");
        put(given, "from-env", fromEnv);
        put(given, "expires-at", expiresAt);
        Parameters.requireTaken(action, given.keySet());
        return new Parameters(given, secretValues());
    }

    /** New secret values from stdin or the environment: never from the command line, where ps and history see them. */
    private Parameters.SecretValues secretValues() {
        Map<String, String> values = new LinkedHashMap<>();
        if (fromStdin) {
            String text;
            try {
                text = new String(stdin.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("--from-stdin: cannot read stdin: " + e.getMessage());
            }
            int n = 0;
            for (String line : text.split("\\R")) {
                n++;
                if (line.isBlank() || line.strip().startsWith("#")) continue;
                int eq = line.indexOf('=');
                // Only the line number in the message: the line may be a secret without its key.
                if (eq <= 0) throw new IllegalArgumentException("--from-stdin: line " + n + " is not KEY=VALUE");
                values.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        }
        if (fromEnv != null) {
            for (String name : fromEnv.split(",")) {
                String v = System.getenv(name.strip());
                if (v == null || v.isEmpty()) throw new IllegalArgumentException("--from-env: " + name.strip() + " is not set");
                values.put(name.strip(), v);
            }
        }
        values.forEach((k, v) -> {
            if (v.isEmpty()) throw new IllegalArgumentException("the new value of " + k + " is empty");
        });
        return new Parameters.SecretValues(values);
    }

    /** An option's value as typed, for the audit log, where parameters are kept as given; the field holds it converted. */
    private String typed(String option) {
        return spec.commandLine().getParseResult().matchedOption(option).stringValues().getFirst();
    }

    private static void put(Map<String, String> m, String k, String v) {
        if (v != null) m.put(k, v);
    }

    private String actor() {
        return actor != null && !actor.isBlank() ? actor : System.getProperty("user.name", "unknown");
    }

    /** Each action, its summary, and its options in one column across all actions. */
    static String listing() {
        Columns table = Columns.plain();
        for (Action a : Actions.ALL) {
            table.note(a.id()).note("    " + a.summary());
            for (Action.Parameter p : a.parameters()) table.row("    --" + p.name() + " " + p.value(), p.description());
        }
        return table.render();
    }

    private static Map<String, Object> actionFields(Action a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.id());
        m.put("summary", a.summary());
        m.put("parameters", a.parameters());
        return m;
    }

    private static String auditListing(List<AuditEntry> rows) {
        Columns table = Columns.headed("ID", "AT", "WHO", "ACTION", "RESULT", "DETAIL");
        for (AuditEntry r : rows) {
            String extra = r.reverts().isPresent() ? " [reverts #" + r.reverts().getAsLong() + "]"
                    : r.follows().isPresent() ? " [of #" + r.follows().getAsLong() + "]" : "";
            String due = r.resumeAt().map(t -> " resume due " + t).orElse("");
            table.row(r.id(), r.at().truncatedTo(ChronoUnit.SECONDS), r.actor(), r.action(), r.result(), firstLine(r.detail()) + extra + due);
        }
        return table.render();
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
