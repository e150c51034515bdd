package dev.vigil.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One command line run through {@link Main#run} in the test's process: its exit code and both outputs (public for the example tests). */
public record CliRun(int exit, String out, String err) {

    public static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new CliRun(exit, out.toString(), err.toString());
    }
}
