package dev.vigil.cli;

import picocli.CommandLine.Command;

/** Placeholder replaced below. */
@Command(name = "test")
final class RulesTestCommand implements Runnable {
    @Override
    public void run() {
    }
}
