package dev.vigil.engine;

import com.google.re2j.Pattern;
import dev.vigil.testing.SharedData;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The {@link RegexDfa} of this build against an older one, in CPU time of this thread, per SigmaHQ regex that the
 * automaton reads, over the distinct values of its field in the shared EVTX samples: the two take turns in each round
 * and must give the same answers; the second half of the rounds is counted. The older engine is the class {@code dev.vigil.engine.RegexDfa} (and its nested
 * classes) of a jar or classes folder given as the second argument (for example a jar built from main), loaded
 * child-first, so both run in the same JVM. Prints, for the regexes costliest under the older engine, the
 * nanoseconds per character of each, then the five costliest under the new engine, the five it slowed most (or sped
 * up least), then the totals.
 *
 * <p>usage: {@code java -cp "$(tools/test-classpath.sh)" dev.vigil.engine.RegexDfaBench ROUNDS OLD.jar [TOP]}
 */
public final class RegexDfaBench {
    private RegexDfaBench() {
    }

    public static void main(String[] arguments) throws Throwable {
        int rounds = Integer.parseInt(arguments[0]);
        Path old = Path.of(arguments[1]);
        int top = arguments.length > 2 ? Integer.parseInt(arguments[2]) : 12;
        Map<String, Set<Pattern>> byField = RegexCorpusParityTest.regexesByField();
        Map<String, Set<String>> values = new HashMap<>();
        RegexCorpusParityTest.collect(SharedData.require("evtx"), 1, byField.keySet(), values);

        Engine oldEngine = new Engine(Engine.load(old));
        Engine newEngine = new Engine(RegexDfa.class);
        List<Pattern> patterns = new ArrayList<>();
        List<Predicate<String>> olds = new ArrayList<>();
        List<Predicate<String>> news = new ArrayList<>();
        List<String[]> texts = new ArrayList<>();
        List<Long> characters = new ArrayList<>();
        for (Map.Entry<String, Set<Pattern>> field : byField.entrySet()) {
            String[] fieldValues = values.getOrDefault(field.getKey(), Set.of()).toArray(new String[0]);
            for (Pattern pattern : field.getValue()) {
                RegexDfa dfa = RegexDfa.compile(pattern.pattern(), pattern.flags());
                if (dfa == null || fieldValues.length == 0 || !RegexFinder.of(pattern).engine().equals("dfa")) {
                    continue;
                }
                patterns.add(pattern);
                news.add(newEngine.matcher(pattern));
                olds.add(oldEngine.matcher(pattern));
                texts.add(fieldValues);
                characters.add(Arrays.stream(fieldValues).mapToLong(String::length).sum());
            }
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] oldTimes = new long[patterns.size()];
        long[] newTimes = new long[patterns.size()];
        for (int round = 0; round < rounds; round++) {
            for (int p = 0; p < patterns.size(); p++) {
                boolean newFirst = (round + p) % 2 == 0;
                long[] first = newFirst ? newTimes : oldTimes;
                long[] second = newFirst ? oldTimes : newTimes;
                Predicate<String> a = newFirst ? news.get(p) : olds.get(p);
                Predicate<String> b = newFirst ? olds.get(p) : news.get(p);
                String[] values1 = texts.get(p);
                boolean[] answers = new boolean[values1.length];
                long start = threads.getCurrentThreadCpuTime();
                for (int t = 0; t < values1.length; t++) {
                    answers[t] = a.test(values1[t]);
                }
                long middle = threads.getCurrentThreadCpuTime();
                for (int t = 0; t < values1.length; t++) {
                    if (b.test(values1[t]) != answers[t]) {
                        throw new AssertionError("old and new disagree: /" + patterns.get(p).pattern() + "/ on "
                                + values1[t]);
                    }
                }
                long end = threads.getCurrentThreadCpuTime();
                if (round >= rounds / 2) { // the first half warms up (the JIT compiles find several times)
                    first[p] += middle - start;
                    second[p] += end - middle;
                }
            }
        }
        int counted = rounds - rounds / 2;
        Integer[] order = new Integer[patterns.size()];
        for (int p = 0; p < order.length; p++) {
            order[p] = p;
        }
        Arrays.sort(order, (x, y) -> Long.compare(oldTimes[y], oldTimes[x]));
        long oldTotal = 0;
        long newTotal = 0;
        long charsTotal = 0;
        for (int p = 0; p < patterns.size(); p++) {
            oldTotal += oldTimes[p];
            newTotal += newTimes[p];
            charsTotal += characters.get(p);
        }
        System.out.println("regexes: " + patterns.size());
        System.out.println("characters_per_round: " + charsTotal);
        for (int k = 0; k < Math.min(top, order.length); k++) {
            int p = order[k];
            double chars = (double) characters.get(p) * counted;
            System.out.printf("regex_%d: old %.2f ns/char, new %.2f ns/char (%d values, %d chars): /%s/%n", k + 1,
                    oldTimes[p] / chars, newTimes[p] / chars, texts.get(p).length, characters.get(p),
                    patterns.get(p).pattern());
        }
        Arrays.sort(order, (x, y) -> Long.compare(newTimes[y], newTimes[x]));
        for (int k = 0; k < Math.min(5, order.length); k++) {
            int p = order[k];
            double chars = (double) characters.get(p) * counted;
            System.out.printf("costliest_new_%d: old %.2f ns/char, new %.2f ns/char (%.2f ms per round): /%s/%n", k + 1,
                    oldTimes[p] / chars, newTimes[p] / chars, newTimes[p] / 1e6 / counted, patterns.get(p).pattern());
        }
        Arrays.sort(order, (x, y) -> Long.compare(newTimes[y] - oldTimes[y], newTimes[x] - oldTimes[x]));
        for (int k = 0; k < Math.min(5, order.length); k++) {
            int p = order[k];
            double chars = (double) characters.get(p) * counted;
            System.out.printf("most_slowed_%d: old %.2f ns/char, new %.2f ns/char (%+.2f ms per round): /%s/%n", k + 1,
                    oldTimes[p] / chars, newTimes[p] / chars, (newTimes[p] - oldTimes[p]) / 1e6 / counted,
                    patterns.get(p).pattern());
        }
        System.out.printf("old_cpu_ms_per_round: %.1f%n", oldTotal / 1e6 / counted);
        System.out.printf("new_cpu_ms_per_round: %.1f%n", newTotal / 1e6 / counted);
        System.out.printf("old_ns_per_char: %.2f%n", (double) oldTotal / charsTotal / counted);
        System.out.printf("new_ns_per_char: %.2f%n", (double) newTotal / charsTotal / counted);
    }

    /** A {@code RegexDfa} class called through method handles (the same way for the old and the new one). */
    private static final class Engine {
        private final MethodHandle compile;
        private final MethodHandle matcher;
        private final MethodHandle find;

        /** The class {@code RegexDfa} of a jar or classes folder, loaded child-first. */
        static Class<?> load(Path location) throws Exception {
            String prefix = RegexDfa.class.getName();
            ClassLoader loader = new URLClassLoader(new URL[] {location.toUri().toURL()},
                    RegexDfaBench.class.getClassLoader()) {
                @Override
                protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                    if (!name.startsWith(prefix)) {
                        return super.loadClass(name, resolve);
                    }
                    synchronized (getClassLoadingLock(name)) {
                        Class<?> loaded = findLoadedClass(name);
                        return loaded != null ? loaded : findClass(name);
                    }
                }
            };
            Class<?> dfa = loader.loadClass(prefix);
            if (dfa == RegexDfa.class) {
                throw new IllegalStateException("the old RegexDfa was not loaded from " + location);
            }
            return dfa;
        }

        Engine(Class<?> dfa) throws Exception {
            Class<?> matcherClass = Class.forName(dfa.getName() + "$Matcher", true, dfa.getClassLoader());
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            Method compileMethod = dfa.getDeclaredMethod("compile", String.class, int.class);
            compileMethod.setAccessible(true);
            Method matcherMethod = dfa.getDeclaredMethod("matcher");
            matcherMethod.setAccessible(true);
            Method findMethod = matcherClass.getDeclaredMethod("find", String.class);
            findMethod.setAccessible(true);
            compile = lookup.unreflect(compileMethod).asType(MethodType.methodType(Object.class, String.class, int.class));
            matcher = lookup.unreflect(matcherMethod).asType(MethodType.methodType(Object.class, Object.class));
            find = lookup.unreflect(findMethod).asType(MethodType.methodType(boolean.class, Object.class, String.class));
        }

        Predicate<String> matcher(Pattern pattern) throws Throwable {
            Object dfa = (Object) compile.invokeExact(pattern.pattern(), pattern.flags());
            Object instance = (Object) matcher.invokeExact(dfa);
            return text -> {
                try {
                    return (boolean) find.invokeExact(instance, text);
                } catch (Throwable failure) {
                    throw new IllegalStateException(failure);
                }
            };
        }
    }
}
