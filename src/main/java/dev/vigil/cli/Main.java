package dev.vigil.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/** Entry point: {@code vigil <command> …}. */
@Command(name = "vigil", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT, version = "vigil 0.1.0",
        description = "Detection and response for SharePoint, Exchange, IIS and Windows servers: Sigma 2.1 over their logs.",
        subcommands = {HuntCommand.class, WatchCommand.class, RulesCommand.class, EvtxCommand.class, ScanCommand.class, ExposureCommand.class,
                PlaybookCommand.class, BaselineCommand.class, AnomalyCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs a command line with the given streams; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExitCodeExceptionMapper(exception -> ExitCodes.INTERNAL_ERROR);
        commandLine.setParameterExceptionHandler((exception, arguments) -> {
            err.println("vigil: " + exception.getMessage());
            err.println("Try '" + exception.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return ExitCodes.USAGE_OR_INPUT_ERROR;
        });
        commandLine.setExecutionExceptionHandler((exception, cmd, parseResult) -> {
            if (exception instanceof UserException user) {
                err.println("vigil: " + user.getMessage());
                return ExitCodes.USAGE_OR_INPUT_ERROR;
            }
            err.println("vigil: internal error: " + exception);
            StackTraceElement[] trace = exception.getStackTrace();
            for (int i = 0; i < Math.min(trace.length, 8); i++) {
                err.println("    at " + trace[i]);
            }
            err.println("This is a bug in Vigil; please report it with the command you ran.");
            return ExitCodes.INTERNAL_ERROR;
        });
        return commandLine.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
