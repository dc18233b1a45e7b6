package io.pitcrew.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The complete examples in docs/configuration.md load, so the documentation cannot drift from the loader. */
class ConfigurationDocTest {

    @Test
    void everyCompleteExampleInTheDocsLoads(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("runbook.d"));
        List<String> examples = new ArrayList<>();
        Matcher m = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL)
                .matcher(Files.readString(Path.of("docs/configuration.md")));
        while (m.find()) if (m.group(1).startsWith("regions:")) examples.add(m.group(1));

        assertThat(examples).hasSize(2);
        for (String yaml : examples) {
            Path file = dir.resolve("pitcrew.yaml");
            Files.writeString(file, yaml);
            assertThat(ConfigLoader.load(file).regions()).isNotEmpty();
        }
    }

    @Test
    void everyThresholdAndNameIsDocumented() throws IOException {
        String doc = Files.readString(Path.of("docs/configuration.md"));
        for (var c : Thresholds.class.getRecordComponents()) assertThat(doc).contains("| `" + c.getName() + "` |");
        for (var c : Names.class.getRecordComponents()) assertThat(doc).contains("| `" + c.getName() + "` |");
        for (var name : LogPatterns.defaultSources().keySet()) assertThat(doc).contains("| `" + name + "` |");
        for (var c : Bounds.class.getRecordComponents()) assertThat(doc).contains("| `" + c.getName() + "` |");
        for (var keys : List.of(NotificationsConfig.SLACK_KEYS, NotificationsConfig.PAGERDUTY_KEYS, NotificationsConfig.GITHUB_KEYS,
                NotificationsConfig.CONTACTS_KEYS)) {
            for (String key : keys) assertThat(doc).contains("| `" + key + "` |");
        }
    }
}
