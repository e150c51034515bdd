package dev.vigil.engine;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Regular expressions (RE2/J) against the literal prefilter on real command lines. Three ways to look at one
 * command line:
 * <ul>
 *   <li>{@code re2jEveryRegex}: every {@code CommandLine|re} pattern of SigmaHQ, one {@code find} each: what
 *       matching costs when no literal screens the rules first;</li>
 *   <li>{@code re2jLiteralAlternation}: the field's literal set as one case-insensitive RE2/J alternation, one
 *       {@code find}: screening with a regex engine (it can only say whether some literal occurs);</li>
 *   <li>{@code ahoCorasickLiterals}: the same literals in one Aho-Corasick pass over the folded line, reporting
 *       every literal that occurs: screening as the prefilter does it.</li>
 * </ul>
 * One operation is one command line (cycling through the sample).
 *
 * <pre>tools/jmh.sh RegexBench</pre>
 */
@State(Scope.Thread)
public class RegexBench {
    private static final int LINES = 500;

    private Pattern[] regularExpressions;
    private Pattern alternation;
    private AhoCorasick automaton;
    private Cycle<String> lines;
    private Cycle<String> foldedLines;
    private int hits;
    private final AhoCorasick.Hits counter = (literal, end) -> hits++;

    @Setup
    public void load() {
        List<Pattern> compiled = new ArrayList<>();
        for (String expression : BenchInputs.regularExpressions("CommandLine")) {
            try {
                compiled.add(Pattern.compile(expression));
            } catch (PatternSyntaxException e) {
                // a pattern RE2/J rejects is rejected at rule load too; it costs nothing at match time
            }
        }
        regularExpressions = compiled.toArray(Pattern[]::new);
        List<String> literals = BenchInputs.literals("CommandLine");
        alternation = Pattern.compile(literals.stream().map(Pattern::quote).collect(Collectors.joining("|")),
                Pattern.CASE_INSENSITIVE);
        automaton = new AhoCorasick(literals);
        List<String> texts = BenchInputs.fieldTexts("CommandLine", LINES);
        lines = new Cycle<>(texts);
        foldedLines = new Cycle<>(texts.stream().map(TextMatcher::fold).toList());
        System.out.printf("%n%d regular expressions, %d literals, %d command lines%n", regularExpressions.length,
                literals.size(), lines.size());
    }

    @Benchmark
    public int re2jEveryRegex() {
        String line = lines.next();
        int matched = 0;
        for (Pattern pattern : regularExpressions) {
            if (pattern.matcher(line).find()) {
                matched++;
            }
        }
        return matched;
    }

    @Benchmark
    public boolean re2jLiteralAlternation() {
        return alternation.matcher(lines.next()).find();
    }

    @Benchmark
    public int ahoCorasickLiterals() {
        automaton.search(foldedLines.next(), counter);
        return hits;
    }
}
