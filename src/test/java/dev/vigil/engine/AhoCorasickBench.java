package dev.vigil.engine;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.List;

/**
 * One Aho-Corasick pass over a real, case-folded command line with the literal set of SigmaHQ's {@code CommandLine}
 * tests: the per-field cost of the prefilter. One operation is one command line (cycling through the sample).
 *
 * <pre>tools/jmh.sh AhoCorasickBench</pre>
 */
@State(Scope.Thread)
public class AhoCorasickBench {
    private static final int LINES = 2_000;

    private AhoCorasick automaton;
    private Cycle<String> lines;
    private int hits;
    private final AhoCorasick.Hits counter = (literal, end) -> hits++;

    @Setup
    public void load() {
        List<String> literals = BenchInputs.literals("CommandLine");
        automaton = new AhoCorasick(literals);
        lines = new Cycle<>(BenchInputs.fieldTexts("CommandLine", LINES).stream().map(TextMatcher::fold).toList());
        System.out.printf("%n%d literals, %d command lines%n", literals.size(), lines.size());
    }

    /** Returns the running hit count so that the search cannot be optimised away. */
    @Benchmark
    public int searchFoldedCommandLine() {
        automaton.search(lines.next(), counter);
        return hits;
    }
}
