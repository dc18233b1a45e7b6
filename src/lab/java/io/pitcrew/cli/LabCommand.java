package io.pitcrew.cli;

import io.pitcrew.lab.Lab;
import io.pitcrew.lab.LabRemote;
import io.pitcrew.lab.Scenario;
import io.pitcrew.lab.Scenarios;
import io.pitcrew.text.Columns;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code pitcrew lab}: a simulated three-region platform to try pitcrew on, healthy or broken on purpose. */
@Command(name = "lab", mixinStandardHelpOptions = true,
        description = {"Run a simulated three-region platform to diagnose, drill on, or point kubectl at.",
                "Three local Kubernetes API servers (us-east-2 control plane, us-west-2 and eu-west-2 proxies) seeded with "
                        + "the runbook's topology, healthy or with a fault scenario."},
        subcommands = {LabCommand.Up.class, LabCommand.List.class, LabCommand.Inject.class, LabCommand.Reset.class})
public final class LabCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "up", mixinStandardHelpOptions = true,
            description = "Start the lab and serve it until Ctrl-C; writes kubeconfig, pitcrew.yaml and lab.json into --dir.")
    static final class Up implements Callable<Integer> {

        @Option(names = "--scenario", paramLabel = "S", description = "Fault scenario to start with (see `pitcrew lab scenarios`); default: healthy.")
        String scenario;

        @Option(names = "--dir", paramLabel = "D", defaultValue = "./lab", description = "Directory for the lab's files (default: ${DEFAULT-VALUE}).")
        Path dir;

        @Option(names = "--workspaces", paramLabel = "N", defaultValue = "24", description = "Workspace pods per region (default: ${DEFAULT-VALUE}).")
        int workspaces;

        @Override
        public Integer call() throws InterruptedException {
            long t0 = System.nanoTime();
            Lab lab;
            try {
                lab = Lab.start(dir, scenario, workspaces);
            } catch (IllegalArgumentException e) {
                System.err.println("pitcrew lab: " + e.getMessage());
                return 2;
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                lab.close();
                stopped.countDown();
            }, "lab-shutdown"));
            System.out.printf("lab up in %d ms (%s, %d workspaces per region)%n", (System.nanoTime() - t0) / 1_000_000,
                    scenario == null ? "healthy" : scenario, workspaces);
            lab.ports().forEach((region, port) -> System.out.printf("  %-10s http://127.0.0.1:%d%n", region, port));
            System.out.printf("  control    http://127.0.0.1:%d%n", lab.controlPort());
            System.out.println("  DNS, ghcr.io and ECR mirror, /healthz, coderd: loopback too, as written in " + lab.config());
            System.out.println();
            System.out.println("next: ./pitcrew doctor --config " + lab.config());
            System.out.println("      ./pitcrew serve --config " + lab.config() + "   (dashboard and status page)");
            System.out.println("      kubectl --kubeconfig " + lab.kubeconfig() + " --context us-west-2 get pods -A");
            System.out.println("      ./pitcrew lab inject <scenario> --dir " + dir + "   (Ctrl-C stops the lab)");
            stopped.await();
            return 0;
        }
    }

    @Command(name = "scenarios", mixinStandardHelpOptions = true, description = "List the fault scenarios and what doctor should find.")
    static final class List implements Callable<Integer> {
        @Override
        public Integer call() {
            Columns table = Columns.plain();
            for (Scenario s : Scenarios.ALL) table.row(s.name(), s.expected(), s.summary());
            System.out.print(table.render());
            return 0;
        }
    }

    @Command(name = "inject", mixinStandardHelpOptions = true, description = "Apply a scenario to the lab running in --dir.")
    static final class Inject implements Callable<Integer> {

        @Parameters(paramLabel = "S", description = "Scenario name (see `pitcrew lab scenarios`).")
        String scenario;

        @Option(names = "--dir", paramLabel = "D", defaultValue = "./lab", description = "Directory of the running lab (default: ${DEFAULT-VALUE}).")
        Path dir;

        @Override
        public Integer call() {
            try {
                System.out.println(LabRemote.in(dir).inject(scenario));
                return 0;
            } catch (LabRemote.NotRunning | IllegalArgumentException e) {
                System.err.println("pitcrew lab: " + e.getMessage());
                return 2;
            }
        }
    }

    @Command(name = "reset", mixinStandardHelpOptions = true, description = "Put the lab running in --dir back to the healthy base.")
    static final class Reset implements Callable<Integer> {

        @Option(names = "--dir", paramLabel = "D", defaultValue = "./lab", description = "Directory of the running lab (default: ${DEFAULT-VALUE}).")
        Path dir;

        @Override
        public Integer call() {
            try {
                System.out.println(LabRemote.in(dir).reset());
                return 0;
            } catch (LabRemote.NotRunning e) {
                System.err.println("pitcrew lab: " + e.getMessage());
                return 2;
            }
        }
    }
}
