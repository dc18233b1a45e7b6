package io.pitcrew.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "pitcrew", mixinStandardHelpOptions = true, subcommands = {LabCommand.class})
public class Pitcrew {
    public static void main(String[] a) { System.exit(new CommandLine(new Pitcrew()).execute(a)); }
}
