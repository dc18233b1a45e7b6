package io.pitcrew.cli;

import io.pitcrew.drill.Drills;
import io.pitcrew.incident.Incident;
import io.pitcrew.incident.IncidentDocument;
import io.pitcrew.incident.IncidentNotices;
import io.pitcrew.incident.Incidents;
import io.pitcrew.incident.Reminders;
import io.pitcrew.incident.StaleIncident;
import io.pitcrew.notify.Notice;
import io.pitcrew.notify.Notifier;
import io.pitcrew.store.Store;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/** What every {@code pitcrew incident} subcommand shares: the store, who is acting, the output format, notifications. */
abstract class IncidentSubcommand implements Callable<Integer> {

    private static final Pattern ID = Pattern.compile("(?i)INC-[1-9][0-9]*");

    @Mixin
    PlatformOptions platform;

    @Mixin
    StoreOptions storeOptions;

    @Option(names = "--as", paramLabel = "NAME", description = "Who is acting, for the timeline (default: the OS user)")
    String actor;

    @Mixin
    OutputOptions output;

    @Option(names = "--drill-notify", description = "Send notifications while a drill runs in the store; by default they are held (docs/drills.md)")
    boolean drillNotify;

    @Spec
    CommandSpec spec;

    /** Everything a subcommand works with, opened once per command. */
    final class Session {
        final Store store;
        final Incidents incidents;
        final PrintWriter out;
        final PrintWriter err;
        private IncidentNotices notices;

        Session(Store store) {
            this.store = store;
            this.incidents = new Incidents(store, Clock.systemUTC());
            this.out = output.writer();
            this.err = spec.commandLine().getErr();
        }

        String actor() {
            return actor != null && !actor.isBlank() ? actor.strip() : System.getProperty("user.name", "unknown");
        }

        /**
         * The channels of pitcrew.yaml's notifications:, built on first use; what cannot be used is said once. While a
         * drill runs in the store they are held: a rehearsal pages nobody.
         */
        IncidentNotices notices() {
            if (notices == null) {
                Notifier configured = Notifier.from(platform.loadConfig().config().notifications());
                configured.unavailable().forEach(u -> err.println("warning: notifications: " + u));
                Drills drills = new Drills(store);
                Notifier notifier = drillNotify ? configured : configured.heldDuring(drills::ranAt);
                notices = new IncidentNotices(notifier, incidents, line -> {
                    err.println(line);
                    err.flush();
                });
            }
            return notices;
        }

        void announce(Incident incident, Notice notice) {
            notices().announce(incident, notice);
        }

        /** Prints the incident as the command left it, with what the runbook still asks for. */
        void print(Incident incident, String what) {
            if (!table()) {
                out.print(output.format().write(IncidentDocument.withTimeline(incident, incidents.timeline(incident.number()), reminders(incident))));
            } else {
                out.println(IncidentView.headline(incident) + " — " + what);
                reminders(incident).forEach(r -> out.println("  ! " + r));
            }
            out.flush();
        }

        /** pitcrew checks a checklist item itself; nothing happens when someone checked it already. */
        void autoCheck(Incident incident, String key, String why) {
            incidents.autoCheck(incident, key, why);
        }

        List<String> reminders(Incident incident) {
            return Reminders.of(incident, incidents.timeline(incident.number()), Reminders.rotatorPause(store.audit()),
                    incidents.now());
        }
    }

    @Override
    public final Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try (Store store = storeOptions.open(access(), err)) {
            int exit = run(new Session(store));
            output.finish();
            return exit;
        } catch (StaleIncident e) {
            err.println("error: " + e.getMessage() + "\n    the incident kept changing; show it (pitcrew incident show) and try again");
            return 4;
        } finally {
            err.flush();
        }
    }

    abstract int run(Session s);

    /** A table for people; otherwise the incident as data (-o json, -o yaml), and nothing else on stdout. */
    boolean table() {
        return output.format() == OutputFormat.TABLE;
    }

    /** Changes write; list and show only read, so they work on a read-only store and beside a writer. */
    Store.Access access() {
        return Store.Access.WRITE;
    }

    /** The incident id when the first word is one ({@code INC-3}); the other words are the command's own. */
    static Optional<String> leadingId(List<String> words) {
        return words != null && !words.isEmpty() && ID.matcher(words.getFirst()).matches() ? Optional.of(words.getFirst()) : Optional.empty();
    }

    static List<String> rest(List<String> words) {
        if (words == null) return List.of();
        return leadingId(words).isPresent() ? new ArrayList<>(words.subList(1, words.size())) : words;
    }

    static String text(List<String> words, String what) {
        String t = String.join(" ", rest(words)).strip();
        if (t.isEmpty()) throw new IllegalArgumentException("write the " + what + ", e.g. pitcrew incident "
                + what.split(" ")[0] + " INC-1 \"...\"");
        return t;
    }
}
