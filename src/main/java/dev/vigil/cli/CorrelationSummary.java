package dev.vigil.cli;

import dev.vigil.correlate.Correlator;

import java.io.PrintWriter;
import java.util.Locale;

/** The summary line of what the correlations of a hunt or a watch counted (nothing when they counted nothing). */
final class CorrelationSummary {
    private CorrelationSummary() {
    }

    static void print(PrintWriter err, int correlations, Correlator.Counts counts) {
        if (counts.alerts() + counts.missingGroupBy() + counts.droppedGroups() + counts.droppedEvents()
                + counts.untimed() + counts.notNumbers() == 0) {
            return;
        }
        err.printf(Locale.ROOT, "%d correlations: %d alerts; %d detections left out for lacking a group-by field%s%n",
                correlations, counts.alerts(), counts.missingGroupBy(),
                (counts.untimed() == 0 ? "" : "; " + counts.untimed() + " without an event time")
                        + (counts.notNumbers() == 0 ? "" : "; " + counts.notNumbers()
                        + " values of value_sum/value_avg fields that are no number")
                        + (counts.droppedGroups() + counts.droppedEvents() == 0 ? ""
                        : "; state bounds reached: " + counts.droppedGroups() + " groups and "
                        + counts.droppedEvents() + " events not kept"));
        err.flush();
    }
}
