package dev.vigil.engine;

import dev.vigil.event.Event;
import dev.vigil.event.Origin;
import dev.vigil.event.Value;
import dev.vigil.rules.mapping.FieldSource;
import dev.vigil.rules.mapping.Shape;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Field look-up by position ({@link CanonicalNames.Positions}): layouts that hold the same names at other positions
 * each read their own, a name present in the layout whose value is absent falls through to the next raw name as by
 * name, and the tables stay within their bounds however many layouts and names come.
 */
class FieldLayoutTest {
    private static final Shape SHAPE = new Shape("test", "test", List.of("test"), List.of(),
            Map.of("EventID", new FieldSource.First(List.of("Sys.EventID", "EventID"))),
            List.of("Data."), List.of(), List.of());

    /** An event of fixed names (its layout, under {@code key}) whose values may be absent ({@code null}). */
    private static final class TableEvent implements Event {
        final Object key;
        final String[] names;
        final String[] texts;
        int positionalReads;

        TableEvent(Object key, String[] names, String... texts) {
            this.key = key;
            this.names = names;
            this.texts = texts;
        }

        @Override
        public Object layoutKey() {
            return key;
        }

        @Override
        public int position(String name) {
            return Arrays.asList(names).indexOf(name);
        }

        @Override
        public Value get(int position) {
            positionalReads++;
            return texts[position] == null ? null : Value.text(texts[position]);
        }

        @Override
        public Value get(String name) {
            int position = position(name);
            return position < 0 || texts[position] == null ? null : Value.text(texts[position]);
        }

        @Override
        public void forEachField(BiConsumer<String, Value> visitor) {
            for (int i = 0; i < names.length; i++) {
                if (texts[i] != null) {
                    visitor.accept(names[i], Value.text(texts[i]));
                }
            }
        }

        @Override
        public Instant timestamp() {
            return null;
        }

        @Override
        public Origin origin() {
            return new Origin("test", "test", 1);
        }

        @Override
        public String rawText() {
            return null;
        }
    }

    private static String text(FieldSlots slots, Event event, String field) {
        return Arrays.toString(new EventView(event, slots).texts(field));
    }

    @Test
    void layoutsWithTheSameNamesAtOtherPositionsReadTheirOwn() {
        FieldSlots slots = new FieldSlots(new CanonicalNames(SHAPE), Map.of());
        String[] first = {"Image", "Data.CommandLine", "EventID"};
        String[] second = {"EventID", "Image", "Data.CommandLine"};
        String[] third = {"Data.CommandLine", "Sys.EventID"};
        Object one = new Object();
        Object two = new Object();
        Object three = new Object();
        for (int round = 0; round < 3; round++) {
            TableEvent a = new TableEvent(one, first, "a.exe", "a cmd", "1");
            TableEvent b = new TableEvent(two, second, "2", "b.exe", "b cmd");
            TableEvent c = new TableEvent(three, third, "c cmd", "3");
            for (TableEvent event : round == 1 ? List.of(c, b, a) : List.of(a, b, c)) {
                String image = event == a ? "[a.exe]" : event == b ? "[b.exe]" : "[]";
                assertThat(text(slots, event, "Image")).isEqualTo(image);
                String commandLine = event.texts[event.position("Data.CommandLine")];
                assertThat(text(slots, event, "CommandLine")).isEqualTo("[" + commandLine + "]");
                assertThat(text(slots, event, "EventID")).isEqualTo(event == a ? "[1]" : event == b ? "[2]" : "[3]");
                assertThat(event.positionalReads).as("read by position").isPositive();
            }
        }
    }

    @Test
    void aNamedFieldWithoutValueFallsThroughAsByName() {
        FieldSlots slots = new FieldSlots(new CanonicalNames(SHAPE), Map.of());
        Object key = new Object();
        String[] names = {"Sys.EventID", "EventID", "Data.Image", "Image"};
        TableEvent bothAbsent = new TableEvent(key, names, null, "7", null, "raw.exe");
        TableEvent bothPresent = new TableEvent(key, names, "6", "7", "data.exe", "raw.exe");
        TableEvent none = new TableEvent(key, names, null, null, null, null);
        assertThat(text(slots, bothAbsent, "EventID")).isEqualTo("[7]");
        assertThat(text(slots, bothAbsent, "Image")).isEqualTo("[raw.exe]");
        assertThat(text(slots, bothPresent, "EventID")).isEqualTo("[6]");
        assertThat(text(slots, bothPresent, "Image")).isEqualTo("[data.exe]");
        assertThat(text(slots, none, "EventID")).isEqualTo("[]");
        assertThat(new EventView(none, slots).exists("Image")).isFalse();
    }

    @Test
    void looseNamesWithSpacesAndStarPrefixesResolveByPositionAsByName() {
        Shape shape = new Shape("test", "test", List.of("test"), List.of(), Map.of(), List.of("Data.", "UserData.*."),
                List.of(), List.of());
        FieldSlots laidOut = new FieldSlots(new CanonicalNames(shape), Map.of());
        FieldSlots named = new FieldSlots(new CanonicalNames(shape), Map.of());
        String[] names = {"Threat Name", "UserData.Operation.Path", "Data.Image"};
        TableEvent event = new TableEvent(new Object(), names, "Trojan:Win32/X", "C:\\x.dll", "a.exe");
        TableEvent byName = new TableEvent(null, names, "Trojan:Win32/X", "C:\\x.dll", "a.exe");
        for (String field : List.of("ThreatName", "Threat Name", "Path", "Image", "Absent")) {
            assertThat(text(laidOut, event, field)).as(field).isEqualTo(text(named, byName, field));
        }
        assertThat(text(laidOut, event, "Path")).isEqualTo("[C:\\x.dll]");
        assertThat(event.positionalReads).as("read by position").isPositive();
        assertThat(byName.positionalReads).isZero();
    }

    @Test
    void threadsSharingTheTablesReadWhatByNameReads() throws InterruptedException {
        CanonicalNames shared = new CanonicalNames(SHAPE);
        FieldSlots byName = new FieldSlots(new CanonicalNames(SHAPE), Map.of());
        List<String[]> layouts = List.of(new String[] {"Image", "Data.CommandLine", "EventID"},
                new String[] {"EventID", "Image", "Data.CommandLine"}, new String[] {"Data.CommandLine", "Sys.EventID"},
                new String[] {"Sys.EventID", "EventID", "Data.Image", "Image"});
        Object[] keys = {new Object(), new Object(), new Object(), new Object()};
        List<String> fields = List.of("Image", "CommandLine", "EventID", "Absent");
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        Thread[] threads = new Thread[8];
        for (int t = 0; t < threads.length; t++) {
            long seed = t;
            threads[t] = new Thread(() -> {
                try {
                    java.util.Random random = new java.util.Random(seed);
                    FieldSlots slots = new FieldSlots(shared, Map.of());
                    for (int i = 0; i < 20_000; i++) {
                        int which = random.nextInt(layouts.size());
                        String[] layout = layouts.get(which);
                        String[] texts = new String[layout.length];
                        for (int f = 0; f < texts.length; f++) {
                            texts[f] = random.nextInt(4) == 0 ? null : "v" + random.nextInt(100);
                        }
                        TableEvent event = new TableEvent(keys[which], layout, texts);
                        TableEvent plain = new TableEvent(null, layout, texts);
                        String field = fields.get(random.nextInt(fields.size()));
                        String got = text(slots, event, field);
                        String want = text(byName, plain, field);
                        if (!got.equals(want)) {
                            throw new AssertionError(field + " in " + Arrays.toString(layout) + " "
                                    + Arrays.toString(texts) + ": " + got + ", by name " + want);
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(failure.get()).isNull();
        assertThat(shared.layouts()).isEqualTo(layouts.size());
    }

    @Test
    void layoutsAreRememberedWithinTheBound() {
        CanonicalNames names = new CanonicalNames(SHAPE);
        FieldSlots slots = new FieldSlots(names, Map.of());
        String[] layout = {"Data.Image", "EventID"};
        for (int i = 0; i < 3 * CanonicalNames.MAX_LAYOUTS; i++) {
            TableEvent event = new TableEvent(new Object(), layout, "x" + i + ".exe", Integer.toString(i));
            assertThat(text(slots, event, "Image")).isEqualTo("[x" + i + ".exe]");
            assertThat(names.layouts()).isBetween(1, CanonicalNames.MAX_LAYOUTS);
        }
    }

    @Test
    void namesBeyondThePlansBoundResolveByName() {
        CanonicalNames names = new CanonicalNames(SHAPE);
        for (int i = 0; i < CanonicalNames.MAX_PLANS; i++) {
            assertThat(names.plan("F" + i).id()).isEqualTo(i);
        }
        assertThat(names.plan("Beyond").id()).isEqualTo(-1);
        TableEvent event = new TableEvent(new Object(), new String[] {"Data.Beyond", "F3"}, "b", "f");
        EventView view = new EventView(event, new FieldSlots(names, Map.of()));
        assertThat(view.canonical("Beyond").text()).isEqualTo("b");
        assertThat(view.canonical("F3").text()).isEqualTo("f");
        assertThat(event.positionalReads).isEqualTo(1); // F3 by position, Beyond by name
    }
}
