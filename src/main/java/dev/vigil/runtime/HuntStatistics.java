package dev.vigil.runtime;

import dev.vigil.ingest.InputProblem;
import dev.vigil.rules.Level;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Counts of a hunt, safe to update from several threads; read once the hunt is over. */
public final class HuntStatistics {
    private static final int KEPT_PROBLEMS = 1000;

    private final AtomicLong events = new AtomicLong();
    private final AtomicLong unrouted = new AtomicLong();
    private final AtomicLong files = new AtomicLong();
    private final AtomicLong problemCount = new AtomicLong();
    private final Map<Level, Long> byLevel = new EnumMap<>(Level.class);
    private final Map<String, Long> byRule = new LinkedHashMap<>();
    private final List<InputProblem> problems = new ArrayList<>();

    /** Counts {@code count} events read, {@code notRouted} of them with no logsource any rule uses; the new total. */
    long countEvents(long count, long notRouted) {
        if (notRouted > 0) {
            unrouted.addAndGet(notRouted);
        }
        return events.addAndGet(count);
    }

    void countFile() {
        files.incrementAndGet();
    }

    synchronized void countDetection(Level level, String ruleLabel) {
        byLevel.merge(level, 1L, Long::sum);
        byRule.merge(ruleLabel, 1L, Long::sum);
    }

    synchronized void problem(InputProblem problem) {
        problemCount.incrementAndGet();
        if (problems.size() < KEPT_PROBLEMS) {
            problems.add(problem);
        }
    }

    public long events() {
        return events.get();
    }

    /** Events whose shape or logsource no mapping knows: no rule could look at them. */
    public long unrouted() {
        return unrouted.get();
    }

    public long files() {
        return files.get();
    }

    public long problemCount() {
        return problemCount.get();
    }

    public synchronized List<InputProblem> problems() {
        return List.copyOf(problems);
    }

    public synchronized Map<Level, Long> detectionsByLevel() {
        return Map.copyOf(byLevel);
    }

    public synchronized Map<String, Long> detectionsByRule() {
        return new LinkedHashMap<>(byRule);
    }

    public synchronized long detections() {
        return byLevel.values().stream().mapToLong(Long::longValue).sum();
    }
}
