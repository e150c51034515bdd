package dev.vigil.ingest.source;

import java.util.function.BooleanSupplier;

/** Waits for a condition that another thread brings about; fails after 10 s (a hang guard, not a timing check). */
final class Await {
    private Await() {
    }

    static void until(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting for " + what);
            }
            Thread.sleep(2);
        }
    }
}
