package dev.vigil.conformance;

import dev.vigil.conformance.GoldenRecord.Hit;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * How a corpus's detections now differ from its golden record, in words: the counts that changed, each rule whose
 * detections changed (before and after, how many lost and new), and the first detections lost or new. Both sides
 * are sorted lists of hits, so one merge pass finds every difference.
 */
final class GoldenDifference {
    private static final int SHOWN_HITS = 20;
    private static final int SHOWN_RULES = 40;

    private final GoldenRecord before;
    private final GoldenRecord after;
    private final List<Hit> lost = new ArrayList<>();
    private final List<Hit> added = new ArrayList<>();

    private GoldenDifference(GoldenRecord before, GoldenRecord after) {
        this.before = before;
        this.after = after;
        int left = 0;
        int right = 0;
        List<Hit> old = before.hits();
        List<Hit> now = after.hits();
        while (left < old.size() || right < now.size()) {
            int order = left == old.size() ? 1 : right == now.size() ? -1 : Hit.ORDER.compare(old.get(left), now.get(right));
            if (order < 0) {
                lost.add(old.get(left++));
            } else if (order > 0) {
                added.add(now.get(right++));
            } else {
                left++;
                right++;
            }
        }
    }

    /** The differences of {@code after} from {@code before}, one per line; empty when there are none. */
    static String describe(GoldenRecord before, GoldenRecord after) {
        return new GoldenDifference(before, after).text();
    }

    private String text() {
        List<String> lines = new ArrayList<>();
        count(lines, "files", before.files(), after.files());
        count(lines, "events", before.events(), after.events());
        count(lines, "input problems", before.inputProblems(), after.inputProblems());
        count(lines, "detections", before.hits().size(), after.hits().size());
        if (!lost.isEmpty() || !added.isEmpty()) {
            lines.add("sha256 of the detections: " + before.sha256() + " -> " + after.sha256());
            lines.add("rules whose detections changed (before -> after, lost, new):");
            Map<String, Long> lostByRule = GoldenRecord.countByRule(lost);
            Map<String, Long> addedByRule = GoldenRecord.countByRule(added);
            Map<String, Long> beforeCounts = before.countsByRule();
            Map<String, Long> afterCounts = after.countsByRule();
            TreeSet<String> rules = new TreeSet<>(lostByRule.keySet());
            rules.addAll(addedByRule.keySet());
            for (String rule : rules.stream().limit(SHOWN_RULES).toList()) {
                String title = after.titles().getOrDefault(rule, before.titles().getOrDefault(rule, ""));
                lines.add(String.format(Locale.ROOT, "  %s %s: %d -> %d (-%d +%d)", rule, title,
                        beforeCounts.getOrDefault(rule, 0L), afterCounts.getOrDefault(rule, 0L),
                        lostByRule.getOrDefault(rule, 0L), addedByRule.getOrDefault(rule, 0L)));
            }
            if (rules.size() > SHOWN_RULES) {
                lines.add(String.format(Locale.ROOT, "  … and %d more rules", rules.size() - SHOWN_RULES));
            }
            lines.add(String.format(Locale.ROOT, "first detections lost (-) and new (+), of %d lost and %d new:",
                    lost.size(), added.size()));
            lost.stream().limit(SHOWN_HITS).forEach(hit -> lines.add("  - " + hit.line()));
            added.stream().limit(SHOWN_HITS).forEach(hit -> lines.add("  + " + hit.line()));
        }
        return String.join("\n", lines);
    }

    private static void count(List<String> lines, String what, long before, long after) {
        if (before != after) {
            lines.add(String.format(Locale.ROOT, "%s: %d -> %d", what, before, after));
        }
    }
}
