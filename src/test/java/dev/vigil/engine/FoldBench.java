package dev.vigil.engine;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.List;

/**
 * {@link TextMatcher#fold} on real field values: short mixed-case command lines and long event messages. Every
 * case-insensitive test folds the value it looks at, so this is paid once per field per event. One operation is
 * one value (cycling through the sample).
 *
 * <pre>tools/jmh.sh FoldBench</pre>
 */
@State(Scope.Thread)
public class FoldBench {
    private static final int VALUES = 2_000;

    @Param({"CommandLine", "Message"})
    public String field;

    private Cycle<String> values;

    @Setup
    public void load() {
        List<String> texts = BenchInputs.fieldTexts(field, VALUES);
        values = new Cycle<>(texts);
        System.out.printf("%n%d values of %s, %d characters on average%n", texts.size(), field,
                texts.stream().mapToLong(String::length).sum() / values.size());
    }

    @Benchmark
    public String fold() {
        return TextMatcher.fold(values.next());
    }
}
