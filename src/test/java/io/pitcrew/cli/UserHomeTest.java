package io.pitcrew.cli;

import io.pitcrew.config.UserHome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** ~/.pitcrew and ~/.kube/config are under $HOME when it is set, as for git and kubectl, not under the passwd entry's home. */
class UserHomeTest {

    @TempDir
    Path tmp;

    record Ran(int exit, String output) {}

    /** pitcrew in a JVM of its own, with $HOME and Java's user.home pointing at different directories. */
    private Ran pitcrew(Path home, Path account, String... args) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "--enable-native-access=ALL-UNNAMED", "-Duser.home=" + account, Pitcrew.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).directory(tmp.toFile());
        pb.environment().put("HOME", home.toString());
        pb.environment().remove("KUBECONFIG");
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Ran(p.exitValue(), output);
    }

    @Test
    void theStoreAndTheKubeconfigAreUnderHome() throws Exception {
        Path home = Files.createDirectory(tmp.resolve("home"));
        Path account = Files.createDirectory(tmp.resolve("account"));

        Ran declared = pitcrew(home, account, "incident", "declare", "LiteLLM returns 401", "-s", "P3", "--as", "alice");
        assertThat(declared.exit()).as(declared.output()).isZero();
        assertThat(home.resolve(".pitcrew/pitcrew.db")).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve(".pitcrew")))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve(".pitcrew/pitcrew.db")))).isEqualTo("rw-------");
        assertThat(account).isEmptyDirectory();

        Ran doctor = pitcrew(home, account, "doctor");
        assertThat(doctor.exit()).isEqualTo(2);
        assertThat(doctor.output()).contains(home.resolve(".kube/config") + " (not found)").doesNotContain(account.toString());
    }

    @Test
    void homeIsTheEnvironmentsWhenSetElseTheAccounts() {
        assertThat(UserHome.of(Map.of("HOME", "/home/ci"), "/root").dir()).isEqualTo(Path.of("/home/ci"));
        assertThat(UserHome.of(Map.of("HOME", " "), "/root").dir()).isEqualTo(Path.of("/root"));
        assertThat(UserHome.of(Map.of(), "/root").store()).isEqualTo(Path.of("/root/.pitcrew/pitcrew.db"));
        assertThat(UserHome.of(Map.of(), "/root").kubeconfig()).isEqualTo(Path.of("/root/.kube/config"));
    }
}
