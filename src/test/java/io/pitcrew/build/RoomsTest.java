package io.pitcrew.build;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import io.pitcrew.doctor.WarmPath;
import io.pitcrew.observe.dns.DnsProbe;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.net.Socket;
import java.net.URL;
import java.net.URLConnection;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/architecture.md's "Packages — a package is a room" table, held by the build: each room ({@code io.pitcrew.X})
 * uses only the rooms (or single classes of a room) its row names. ArchUnit reads the bytecode, so an inline
 * fully-qualified name is an edge exactly as an import is. A new edge is a deliberate change to {@link #ROOMS} and to
 * the doc's row ({@link RoomsDocTest} holds the two together).
 */
class RoomsTest {

    /** For {@code cli}: the commands put everything together. */
    static final String EVERY_ROOM = "every room";

    /**
     * Room → what it may use: a room ({@code config}) means any of its classes, {@code room.Class} that class alone
     * (with its nested classes). Its own room a class may always use. Libraries are not held here.
     */
    static final Map<String, List<String>> ROOMS = rooms(
            room("cli", EVERY_ROOM),
            room("text"),
            room("redact"),
            room("yaml"),
            room("image"),
            room("config", "yaml", "image", "redact"),
            room("observe", "config", "image", "redact",
                    "observe.aws", "observe.coder", "observe.dns", "observe.health", "observe.litellm", "observe.registry"),
            room("observe.aws", "config.UserHome", "redact"),
            // a TLS failure in plain words (observe.health's TlsFailure), said alike by every HTTPS source
            room("observe.coder", "observe.health", "redact"),
            room("observe.dns", "config.Region"),
            room("observe.health", "redact"),
            room("observe.litellm", "observe.health", "redact"),
            room("observe.registry", "image", "observe.aws", "observe.health", "redact"),
            room("check", "config", "redact",
                    "observe", "observe.coder", "observe.dns", "observe.health", "observe.litellm", "observe.registry"),
            room("runbook", "check", "config", "yaml"),
            room("doctor", "check", "config", "observe", "redact", "runbook", "text"),
            // preflight is doctor's sweep and diagnosis judged against a workshop: the sizing helpers of check, and the
            // store's open incidents through incident
            room("preflight", "check", "config", "doctor", "incident", "notify.IncidentStatus", "observe", "observe.coder",
                    "runbook", "text"),
            room("notify", "config.Contacts", "config.Notifications", "config.SecretRef",
                    "runbook.Finding", "runbook.Severity", "redact"),
            // act reads a Secret's times and expiry as observe does, so a fix and the check it answers agree.
            room("act", "config", "image", "observe.registry", "observe.CredentialSecret", "observe.PullSecrets",
                    "redact", "store", "text"),
            room("store", "redact"),
            // config.Workshop: after a workshop, the reminders to undo what was raised for it
            room("incident", "act.Change", "act.Outcome", "act.Plan", "config.Workshop", "doctor.DoctorReport", "notify",
                    "redact", "runbook", "store"),
            room("drill", "incident", "runbook", "store", "text"),
            room("server", "act", "check", "config", "doctor", "drill", "incident", "notify", "observe", "observe.coder",
                    "observe.dns", "observe.litellm", "redact", "runbook", "store", "yaml"),
            room("lab", "config.Names", "config.PitcrewConfig", "config.Region", "config.Workshop"));

    /**
     * Pure rooms use their inputs' values only — records, enums and (sealed) interfaces — never a class that does
     * something (a client, a probe, a sweep): checks judge a snapshot, they do not take one.
     */
    static final Map<String, List<String>> VALUES_ONLY = Map.of(
            "check", List.of("observe", "observe.coder", "observe.dns", "observe.health", "observe.litellm", "observe.registry"),
            "runbook", List.of("check"));

    /** server is one room, sub-packages and all, until it is split into rooms of its own (issue 15, part 4). */
    static final Set<String> WITH_SUB_PACKAGES = Set.of("server");

    @TestFactory
    Stream<DynamicTest> eachRoomUsesOnlyWhatItsRowNames() {
        return ROOMS.keySet().stream().filter(r -> !isEveryRoom(r)).map(room ->
                DynamicTest.dynamicTest(room + " uses only " + (ROOMS.get(room).isEmpty() ? "itself" : ROOMS.get(room)), () -> {
                    ArchRule rule = noClasses().that(inRoom(room)).should().dependOnClassesThat(notAllowedFor(room))
                            .because("docs/architecture.md's row for " + room + " says what it may use; a new edge is "
                                    + "a change to that row and to RoomsTest.ROOMS");
                    rule.check(ProductionClasses.ALL);
                }));
    }

    @TestFactory
    Stream<DynamicTest> pureRoomsUseTheirInputsValuesOnly() {
        return VALUES_ONLY.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey() + " uses only the values of " + e.getValue(), () -> {
            ArchRule rule = noClasses().that(inRoom(e.getKey())).should().dependOnClassesThat(notAValueOf(e.getValue()))
                    .because(e.getKey() + " is pure: it judges values and never reads, asks or sweeps itself");
            rule.check(ProductionClasses.ALL);
        }));
    }

    @Test
    void checksDoNoIo() {
        noClasses().that(inRoom("check")).should().dependOnClassesThat().resideInAnyPackage(
                        "io.fabric8.kubernetes.client..", "java.net.http..", "java.nio.file..", "java.sql..", "org.xbill..",
                        "software.amazon..")
                .orShould().dependOnClassesThat().belongToAnyOf(Socket.class, URL.class, URLConnection.class)
                .because("a check is a pure function of the snapshot: what it needs was read before it runs")
                .check(ProductionClasses.ALL);
    }

    @Test
    void theWarmPathTalksToNoKubernetes() {
        noClasses().that().belongToAnyOf(WarmPath.class).should().dependOnClassesThat()
                .resideInAnyPackage("io.fabric8..", "io.pitcrew.observe..", "java.net.http..")
                .because("doctor --server asks a running serve over plain HttpURLConnection; a Kubernetes client on that "
                        + "path is the start-up it exists to save")
                .check(ProductionClasses.ALL);
    }

    @Test
    void everyClassLivesInARoomOfTheTable() {
        classes().should(LIVE_IN_A_ROOM)
                .because("a new package is a new room: give it a row in docs/architecture.md and in RoomsTest.ROOMS")
                .check(ProductionClasses.ALL);
    }

    @Test
    void roomsDependOnEachOtherWithoutCycles() {
        slices().assignedFrom(ROOM_SLICES).should().beFreeOfCycles().check(ProductionClasses.ALL);
    }

    @Test
    void theTableItselfHasNoCycle() {
        // the rules above hold the code to the table; this holds the table to a one-way flow
        for (String start : ROOMS.keySet()) {
            if (isEveryRoom(start)) continue;
            Deque<String> todo = new ArrayDeque<>(targetRooms(start));
            Set<String> seen = new LinkedHashSet<>();
            while (!todo.isEmpty()) {
                String r = todo.pop();
                assertThat(r).as("%s reaches itself through %s", start, seen).isNotEqualTo(start);
                if (seen.add(r)) todo.addAll(targetRooms(r));
            }
        }
    }

    @Test
    void theTableNamesOnlyRoomsAndClassesThatExist() {
        assertThat(ProductionClasses.ALL.stream().map(RoomsTest::roomOf).distinct()).containsExactlyInAnyOrderElementsOf(ROOMS.keySet());
        for (var row : ROOMS.entrySet()) {
            for (String target : row.getValue()) {
                if (target.equals(EVERY_ROOM)) continue;
                if (isClass(target)) assertThat(ProductionClasses.ALL.contain("io.pitcrew." + target)).as("%s's %s", row.getKey(), target).isTrue();
                else assertThat(ROOMS).as("%s's %s", row.getKey(), target).containsKey(target);
            }
        }
    }

    @Test
    void aForbiddenEdgeFailsNamingTheClassAndTheEdge() {
        // a class asking the DNS server itself, as DnsRoutingCheck once did through an inline name (in bytecode an
        // inline name and an import are the same call): in config a room edge, in check a class that is not a value
        JavaClasses offender = new ClassFileImporter().importClasses(ReachesForTheProbe.class, DnsProbe.class);
        ArchRule asConfig = noClasses().that().belongToAnyOf(ReachesForTheProbe.class).should().dependOnClassesThat(notAllowedFor("config"));
        ArchRule asCheck = noClasses().that().belongToAnyOf(ReachesForTheProbe.class).should().dependOnClassesThat(notAValueOf(VALUES_ONLY.get("check")));
        ArchRule asObserve = noClasses().that().belongToAnyOf(ReachesForTheProbe.class).should().dependOnClassesThat(notAllowedFor("observe"));

        for (ArchRule rule : List.of(asConfig, asCheck)) {
            assertThat(rule.evaluate(offender).getFailureReport().getDetails()).anySatisfy(line -> assertThat(line)
                    .contains(ReachesForTheProbe.class.getName() + ".probe()").contains(DnsProbe.class.getName() + ".of("));
        }
        assertThat(asObserve.evaluate(offender).hasViolation()).isFalse();
    }

    /** Stands in for a check that asks the DNS server itself. */
    static final class ReachesForTheProbe {
        static Object probe() {
            return DnsProbe.of(Optional.empty(), Duration.ofSeconds(1));
        }
    }

    // --- the table's reading

    private static Map.Entry<String, List<String>> room(String name, String... mayUse) {
        return Map.entry(name, List.of(mayUse));
    }

    @SafeVarargs
    private static Map<String, List<String>> rooms(Map.Entry<String, List<String>>... rows) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (var row : rows) out.put(row.getKey(), row.getValue());
        return Collections.unmodifiableMap(out);
    }

    private static boolean isEveryRoom(String room) {
        return ROOMS.get(room).equals(List.of(EVERY_ROOM));
    }

    /** {@code config.UserHome} names a class, {@code observe.dns} a room. */
    static boolean isClass(String target) {
        return Character.isUpperCase(target.charAt(target.lastIndexOf('.') + 1));
    }

    private static List<String> targetRooms(String room) {
        return ROOMS.get(room).stream().map(t -> isClass(t) ? t.substring(0, t.lastIndexOf('.')) : t).distinct().toList();
    }

    /** The room a class lives in (its package under io.pitcrew), or null when the table has none for it. */
    static String roomOf(JavaClass c) {
        String pkg = c.getBaseComponentType().getPackageName();
        if (!pkg.startsWith("io.pitcrew.")) return null;
        String name = pkg.substring("io.pitcrew.".length());
        if (ROOMS.containsKey(name)) return name;
        for (String r : WITH_SUB_PACKAGES) if (name.startsWith(r + ".")) return r;
        return null;
    }

    private static DescribedPredicate<JavaClass> inRoom(String room) {
        return DescribedPredicate.describe("are in room " + room, c -> room.equals(roomOf(c)));
    }

    private static boolean allowed(String from, JavaClass target) {
        String room = roomOf(target);
        if (room == null || room.equals(from)) return room != null;
        String outer = target.getBaseComponentType().getName().replaceFirst("\\$.*", "");
        for (String t : ROOMS.get(from)) {
            if (t.equals(room) || ("io.pitcrew." + t).equals(outer)) return true;
        }
        return false;
    }

    private static DescribedPredicate<JavaClass> notAllowedFor(String room) {
        return DescribedPredicate.describe("are in io.pitcrew but not in " + room + " or " + ROOMS.get(room),
                c -> c.getBaseComponentType().getPackageName().startsWith("io.pitcrew.") && !allowed(room, c));
    }

    private static DescribedPredicate<JavaClass> notAValueOf(List<String> rooms) {
        return DescribedPredicate.describe("are in " + rooms + " and not a record, an enum or an interface", c -> {
            JavaClass t = c.getBaseComponentType();
            String room = roomOf(t);
            if (room == null || !rooms.contains(room)) return false;
            JavaClass outer = t.getEnclosingClass().map(JavaClass::getBaseComponentType).orElse(t);
            return !(t.isRecord() || t.isEnum() || t.isInterface()) || !(outer.isRecord() || outer.isEnum() || outer.isInterface());
        });
    }

    private static final ArchCondition<JavaClass> LIVE_IN_A_ROOM = new ArchCondition<>("live in a room of RoomsTest.ROOMS") {
        @Override
        public void check(JavaClass c, ConditionEvents events) {
            if (roomOf(c) == null) {
                events.add(SimpleConditionEvent.violated(c, c.getName() + " is in " + c.getPackageName() + ", which no row of the table names"));
            }
        }
    };

    private static final SliceAssignment ROOM_SLICES = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass c) {
            String room = roomOf(c);
            return room == null ? SliceIdentifier.ignore() : SliceIdentifier.of(room);
        }

        @Override
        public String getDescription() {
            return "the rooms of docs/architecture.md";
        }
    };
}
