package io.pitcrew.cli;

import io.pitcrew.cli.FixCommandTest.Run;
import io.pitcrew.lab.Lab;
import io.pitcrew.lab.LabKit;
import io.pitcrew.server.QuickServe;
import io.pitcrew.server.Serve;
import io.pitcrew.server.access.Tokens;
import io.pitcrew.store.Store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What doctor's warm path is tried against: a healthy lab with {@code pitcrew serve} watching it, its store and
 * operator token under the test's directory, the token also in a file. Each test waits for serve's first evaluation
 * in its own terms.
 */
record ServedLab(Lab lab, Store store, Serve serve, Path tokenFile) implements AutoCloseable {

    static ServedLab start(Path dir, int workspacesPerRegion, String token) throws IOException {
        Lab lab = Lab.start(dir.resolve("lab"), "healthy", workspacesPerRegion);
        Store store = null;
        try {
            Path tokenFile = dir.resolve("token");
            Files.writeString(tokenFile, token + "\n");
            store = Store.open(dir.resolve("serve.db"));
            Serve serve = LabKit.serve(lab, QuickServe.settings(), Tokens.operator(token), store).watch();
            return new ServedLab(lab, store, serve, tokenFile);
        } catch (IOException | RuntimeException e) {
            if (store != null) store.close();
            lab.close();
            throw e;
        }
    }

    String url() {
        return "http://127.0.0.1:" + serve.port();
    }

    /**
     * {@code pitcrew doctor ARGS}, with the lab's pitcrew.yaml unless ARGS give {@code --config}, and {@code env} as the
     * environment doctor takes $PITCREW_TOKEN and $HOME from.
     */
    Run doctor(Map<String, String> env, String... args) {
        List<String> all = new ArrayList<>(List.of("doctor"));
        if (!List.of(args).contains("--config")) all.addAll(List.of("--config", lab.config().toString()));
        all.addAll(List.of(args));
        var cli = Pitcrew.commandLine();
        ((DoctorCommand) cli.getSubcommands().get("doctor").getCommand()).server.env = env;
        return FixCommandTest.run(cli, all.toArray(String[]::new));
    }

    @Override
    public void close() {
        serve.close();
        store.close();
        lab.close();
    }
}
