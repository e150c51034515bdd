package dev.vigil.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code vigil anomaly …}: the anomaly models' evaluations. */
@Command(name = "anomaly", description = "Evaluate Vigil's anomaly models on public benchmarks.",
        subcommands = {AnomalyNabCommand.class})
final class AnomalyCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
