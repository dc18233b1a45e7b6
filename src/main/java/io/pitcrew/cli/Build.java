package io.pitcrew.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Pattern;

/**
 * Which pitcrew this is, as {@code pitcrew --version} says it: the version, git revision and build day the Maven build
 * wrote into the jar's manifest (pom.xml, the shade plugin's manifest entries).
 *
 * @param version  {@code Implementation-Version}; "dev" when not run from a built jar (the tests run from classes)
 * @param revision {@code Git-Revision}, an abbreviated commit id; empty when the build had no .git to read (a source
 *                 tarball) or when not run from a jar
 * @param dirty    {@code Git-Dirty}: tracked files differed from that commit when the jar was built
 * @param builtOn  the day of {@code Build-Time}, in UTC
 */
record Build(String version, Optional<String> revision, boolean dirty, Optional<LocalDate> builtOn) {

    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{4,40}");

    /** Not a built jar: classes on a class path, as in the tests and an IDE. */
    static final Build DEV = new Build("dev", Optional.empty(), false, Optional.empty());

    /** The build recorded in a jar's manifest; entries missing or not of their form count as unknown. */
    static Build of(Manifest manifest) {
        Attributes main = manifest.getMainAttributes();
        String version = main.getValue(Attributes.Name.IMPLEMENTATION_VERSION);
        // an entry the build could not fill (no .git) is left out, or would be a literal ${...}: unknown either way
        Optional<String> revision = Optional.ofNullable(main.getValue("Git-Revision")).map(String::trim)
                .filter(r -> COMMIT.matcher(r).matches());
        Optional<LocalDate> builtOn = Optional.ofNullable(main.getValue("Build-Time")).flatMap(Build::day);
        return new Build(version == null || version.isBlank() ? DEV.version() : version.trim(), revision,
                revision.isPresent() && "true".equals(main.getValue("Git-Dirty")), builtOn);
    }

    /** The build of the jar this class was loaded from, or {@link #DEV} when it was not loaded from a jar. */
    static Build running() {
        CodeSource source = Build.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) return DEV;
        try {
            Path location = Path.of(source.getLocation().toURI());
            if (!Files.isRegularFile(location)) return DEV;
            try (JarFile jar = new JarFile(location.toFile())) {
                Manifest manifest = jar.getManifest();
                return manifest == null ? DEV : of(manifest);
            }
        } catch (URISyntaxException | IllegalArgumentException e) {
            return DEV;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the manifest of " + source.getLocation(), e);
        }
    }

    /** {@code pitcrew 0.1.0 (git 1a2b3c4-dirty, built 2026-12-04)}; {@code git unknown} without a revision. */
    String describe() {
        String git = revision.map(r -> "git " + r + (dirty ? "-dirty" : "")).orElse("git unknown");
        return "pitcrew " + version + " (" + git + builtOn.map(d -> ", built " + d).orElse("") + ")";
    }

    private static Optional<LocalDate> day(String time) {
        try {
            return Optional.of(LocalDate.ofInstant(Instant.parse(time.trim()), ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
