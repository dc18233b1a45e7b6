package io.pitcrew.lab;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One healthy lab shared by the tests of a class whose lab needs nothing but starting and closing:
 * {@code @RegisterExtension static final LabExtension shared = LabExtension.healthy(12);} starts it before the class's
 * first test, in a directory of its own, and closes it (and deletes the directory) after the last. A test takes it as a
 * {@code Lab} parameter, a class's helpers from {@link #lab()}. A class whose tests inject scenarios asks for
 * {@link #resetAfterEach()}, so that no test sees another's.
 */
public final class LabExtension implements BeforeAllCallback, AfterEachCallback, AfterAllCallback, ParameterResolver {

    private final int workspacesPerRegion;
    private final boolean resetAfterEach;
    private Path dir;
    private Lab lab;

    private LabExtension(int workspacesPerRegion, boolean resetAfterEach) {
        this.workspacesPerRegion = workspacesPerRegion;
        this.resetAfterEach = resetAfterEach;
    }

    /** The healthy base, {@code workspacesPerRegion} workspaces in each region, no scenario. */
    public static LabExtension healthy(int workspacesPerRegion) {
        return new LabExtension(workspacesPerRegion, false);
    }

    /** The same lab, back to the healthy base after each test (a drill it runs aborted). */
    public LabExtension resetAfterEach() {
        return new LabExtension(workspacesPerRegion, true);
    }

    /** The running lab: there from the class's first test to its last. */
    public Lab lab() {
        if (lab == null) throw new IllegalStateException("no lab yet: it starts before the class's first test, for an extension on a static field");
        return lab;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("pitcrew-" + context.getRequiredTestClass().getSimpleName() + "-");
        lab = Lab.start(LabKit.dir(dir), null, workspacesPerRegion);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Lab.class;
    }

    @Override
    public Lab resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return lab();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (resetAfterEach) lab.reset();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        try {
            if (lab != null) lab.close();
        } finally {
            lab = null;
            if (dir != null) delete(dir);
        }
    }

    /** The lab's directory and everything in it, deepest first. */
    private static void delete(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
