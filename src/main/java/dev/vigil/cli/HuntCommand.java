package dev.vigil.cli;

import picocli.CommandLine.Command;

/** Placeholder replaced below. */
@Command(name = "hunt")
final class HuntCommand implements Runnable {
    @Override
    public void run() {
    }
}
