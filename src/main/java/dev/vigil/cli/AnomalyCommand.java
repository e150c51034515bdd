package dev.vigil.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code vigil anomaly …}: measure the anomaly models on labelled data and public benchmarks. */
@Command(name = "anomaly", description = "Measure Vigil's anomaly models on labelled data and public benchmarks.",
        subcommands = {AnomalyEvalCommand.class, AnomalyNabCommand.class})
final class AnomalyCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
