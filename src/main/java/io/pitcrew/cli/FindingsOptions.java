package io.pitcrew.cli;

import io.pitcrew.config.Kubeconfig;
import io.pitcrew.config.PitcrewConfig;
import io.pitcrew.doctor.Doctor;
import io.pitcrew.doctor.DoctorReport;
import io.pitcrew.incident.DoctorFindings;
import io.pitcrew.incident.LinkedFinding;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/** Where {@code --from-finding} finds doctor's findings: a saved report, stdin, or doctor run now. */
final class FindingsOptions {

    @Option(names = "--findings", paramLabel = "FILE",
            description = "doctor's JSON report (pitcrew doctor -o json) to take the finding from ('-' = stdin); default: run doctor now")
    String file;

    /** Where --findings - reads; tests replace it. */
    InputStream stdin = System.in;

    /** The findings and when doctor observed them. */
    record Report(List<LinkedFinding> findings, Optional<Instant> observedAt) {
        /** The finding {@code TYPE/CAUSE}; bad input, listing what there is, when the report does not have it. */
        LinkedFinding select(String id) {
            return DoctorFindings.select(findings, id);
        }
    }

    Report read(PlatformOptions platform) {
        return file != null ? readFile() : runDoctor(platform);
    }

    private Report readFile() {
        JsonNode doc;
        try (InputStream in = file.equals("-") ? stdin : Files.newInputStream(Path.of(file))) {
            doc = JsonMapper.builder().build().readTree(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("--findings " + file + ": cannot read it: " + e.getMessage());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--findings " + file + ": not doctor's JSON report (pitcrew doctor -o json)");
        }
        Optional<Instant> at = Optional.of(doc.path("observedAt").asString("")).filter(x -> !x.isEmpty()).flatMap(x -> {
            try {
                return Optional.of(Instant.parse(x));
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        });
        try {
            return new Report(DoctorFindings.of(doc), at);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--findings " + file + ": " + e.getMessage());
        }
    }

    private static Report runDoctor(PlatformOptions platform) {
        PlatformOptions.Loaded loaded = platform.loadConfig();
        PitcrewConfig config = loaded.config();
        Kubeconfig kubeconfig = platform.loadKubeconfig(loaded);
        DoctorReport report = new Doctor(config, platform.loadRunbook(config)).run(kubeconfig, config.regions(), o -> {});
        return new Report(DoctorFindings.of(report), Optional.of(report.observedAt()));
    }
}
