package dev.vigil.engine;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

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

    private String[] values;
    private int next;

    @Setup
    public void load() {
        values = BenchInputs.fieldTexts(field, VALUES).toArray(String[]::new);
        long characters = 0;
        for (String value : values) {
            characters += value.length();
        }
        System.out.printf("%n%d values of %s, %d characters on average%n", values.length, field, characters / values.length);
    }

    @Benchmark
    public String fold() {
        String value = values[next];
        next = next + 1 == values.length ? 0 : next + 1;
        return TextMatcher.fold(value);
    }
}
