package dev.vigil.engine;

import dev.vigil.event.FieldEvent;
import dev.vigil.rules.RuleLoader;
import dev.vigil.rules.RuleSet;
import dev.vigil.rules.mapping.MappingLoader;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link Detector#detect} reuses one thread's candidate bits and inexact flags ({@link Detector.Scratch}) from event
 * to event: no candidate of one event may reach the next, whether the walk ends normally, a sink throws, or a sink
 * detects again on the same thread. The rules are more than 64 (the candidates span two words) and one has no
 * literal (a candidate of every event).
 */
class DetectorScratchTest {
    private static final int RULES = 70;
    /** A regular expression without a required literal: its rule is a candidate of every event. */
    private static final String ALWAYS = "^[a][^q]*[z]$";

    private static Detector detector() {
        RuleLoader loader = new RuleLoader();
        for (int i = 0; i < RULES; i++) {
            loader.addText("r" + i + ".yml", rule("t" + i, "    CommandLine|contains: 'lit" + i + "x'"));
        }
        loader.addText("always.yml", rule("always", "    CommandLine|re: '" + ALWAYS + "'"));
        RuleSet rules = loader.build();
        return Detector.compile(rules, MappingLoader.builtIn(), Placeholders.NONE).detector();
    }

    private static String rule(String title, String selection) {
        String id = java.util.UUID.nameUUIDFromBytes(title.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
        return RuleHarness.rule("  sel:\n" + selection + "\n  condition: sel")
                .replace("title: harness", "title: " + title)
                .replace("6a1b2c3d-0000-4000-8000-000000000001", id);
    }

    private static FieldEvent event(String commandLine) {
        return RuleHarness.sysmon(Map.of("CommandLine", commandLine));
    }

    private static List<String> titles(List<Detection> detections) {
        return detections.stream().map(d -> d.rule().title()).toList();
    }

    private static boolean scratchClear() {
        Detector.Scratch scratch = Detector.Scratch.take();
        try {
            return scratch.clear();
        } finally {
            scratch.give(true);
        }
    }

    @Test
    void candidatesOfOneEventDoNotReachTheNext() {
        assertThat(RegexLiterals.required(ALWAYS)).as("no literal the prefilter could wait for").isEmpty();
        Detector detector = detector();
        assertThat(titles(detector.detect(event("a lit3x lit66x z")))).containsExactly("t3", "t66", "always");
        assertThat(scratchClear()).isTrue();
        assertThat(titles(detector.detect(event("lit5x")))).containsExactly("t5");
        assertThat(titles(detector.detect(event("nothing here")))).isEmpty();
        assertThat(titles(detector.detect(event("az")))).containsExactly("always");
        assertThat(scratchClear()).isTrue();
    }

    @Test
    void aSinkThatThrowsLeavesNoCandidateBehind() {
        Detector detector = detector();
        assertThatThrownBy(() -> detector.detect(event("lit1x lit65x lit69x"), detection -> {
            throw new IllegalStateException("sink failed");
        })).hasMessage("sink failed");
        assertThat(scratchClear()).isTrue();
        assertThat(titles(detector.detect(event("lit2x")))).containsExactly("t2");
    }

    @Test
    void aSinkThatDetectsAgainGetsScratchOfItsOwn() {
        Detector detector = detector();
        List<String> outer = new ArrayList<>();
        List<String> inner = new ArrayList<>();
        detector.detect(event("lit0x lit64x lit68x"), detection -> {
            outer.add(detection.rule().title());
            detector.detect(event("lit1x lit67x"), nested -> inner.add(nested.rule().title()));
        });
        assertThat(outer).containsExactly("t0", "t64", "t68");
        assertThat(inner).containsExactly("t1", "t67", "t1", "t67", "t1", "t67");
        assertThat(scratchClear()).isTrue();
        assertThat(titles(detector.detect(event("lit3x")))).containsExactly("t3");
    }
}
