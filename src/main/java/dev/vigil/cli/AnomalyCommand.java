package dev.vigil.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code vigil anomaly …}: measure the anomaly models. */
@Command(name = "anomaly", description = "Measure Vigil's anomaly models on labelled data.",
        subcommands = {AnomalyEvalCommand.class})
final class AnomalyCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
