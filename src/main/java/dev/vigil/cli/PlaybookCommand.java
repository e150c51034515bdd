package dev.vigil.cli;

import dev.vigil.respond.Playbook;
import dev.vigil.respond.Playbooks;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code vigil playbook [NAME]}: list the response playbooks, or print one. */
@Command(name = "playbook", description = {
        "Print the response playbook for an incident type: containment, eradication, recovery, what to verify.",
        "Without a name, list the playbooks. Detections of the built-in rules name theirs."})
final class PlaybookCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "NAME", description = "A playbook name, as detections give it.")
    String name;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Playbooks playbooks = Playbooks.bundled();
        if (name == null) {
            for (Playbook playbook : playbooks.all()) {
                out.println(String.format(Locale.ROOT, "%-26s %s", playbook.name(), playbook.title()));
            }
            out.flush();
            return ExitCodes.OK;
        }
        Playbook playbook = playbooks.find(name.strip().toLowerCase(Locale.ROOT)).orElseThrow(() -> new UserException(
                "no playbook named '" + name + "'; the playbooks are: "
                        + String.join(", ", playbooks.all().stream().map(Playbook::name).toList())));
        out.print(playbook.markdown());
        out.flush();
        return ExitCodes.OK;
    }
}
