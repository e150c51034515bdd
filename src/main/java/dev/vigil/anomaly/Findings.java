package dev.vigil.anomaly;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects the surprises of one scoring. Scoring alone only adds numbers; explaining also keeps a {@link Finding} per
 * surprise, whose text costs far more than the number: so a pipeline scores every event and explains only those over
 * its threshold.
 */
public final class Findings {
    private final List<Finding> list;
    private double sum;
    private double max;

    private Findings(List<Finding> list) {
        this.list = list;
    }

    public static Findings forScoring() {
        return new Findings(null);
    }

    public static Findings forExplaining() {
        return new Findings(new ArrayList<>(4));
    }

    /** True when findings are kept: build the {@link Finding} and call {@link #add(Finding)}; else {@link #add(double)}. */
    public boolean explaining() {
        return list != null;
    }

    public void add(double surprise) {
        sum += surprise;
        max = Math.max(max, surprise);
    }

    public void add(Finding finding) {
        add(finding.surprise());
        list.add(finding);
    }

    public double sum() {
        return sum;
    }

    public double max() {
        return max;
    }

    /** The findings kept (empty when only scoring). */
    public List<Finding> list() {
        return list == null ? List.of() : list;
    }
}
