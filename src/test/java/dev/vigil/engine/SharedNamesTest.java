package dev.vigil.engine;

import dev.vigil.event.FieldEvent;
import dev.vigil.event.Origin;
import dev.vigil.rules.mapping.MappingLoader;
import dev.vigil.rules.mapping.Shape;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The router's probe view hands what it found out about an event's names (the loose index of names with spaces) to
 * the event's view of the route ({@link EventView#shareNames}); a view of another event, or of another shape, is
 * never taken from.
 */
class SharedNamesTest {
    private static final Shape NXLOG = MappingLoader.builtIn().shapes().stream()
            .filter(shape -> shape.name().equals("windows-nxlog")).findFirst().orElseThrow();

    private static FieldEvent event(String threat) {
        return FieldEvent.builder(new Origin("test", "json", 1)).put("Channel", "Application").put("EventID", "1116")
                .put("Threat Name", threat).build();
    }

    @Test
    void aViewTakesTheLooseNamesOfAProbeOfTheSameEvent() {
        CanonicalNames names = new CanonicalNames(NXLOG);
        FieldEvent event = event("EICAR");
        EventView probe = new EventView(event, new FieldSlots(names, Map.of()));
        assertThat(probe.canonical("Missing")).isNull(); // builds the probe's loose index
        EventView view = new EventView(event, new FieldSlots(names, Map.of()));
        view.shareNames(probe);
        assertThat(view.texts("ThreatName")).containsExactly("EICAR");
    }

    @Test
    void aViewOfAnotherEventOrShapeIsNotTakenFrom() {
        CanonicalNames names = new CanonicalNames(NXLOG);
        EventView probe = new EventView(event("EICAR"), new FieldSlots(names, Map.of()));
        assertThat(probe.canonical("Missing")).isNull();
        EventView other = new EventView(event("Mimikatz"), new FieldSlots(names, Map.of()));
        other.shareNames(probe);
        assertThat(other.texts("ThreatName")).containsExactly("Mimikatz");
        Shape evtxJson = MappingLoader.builtIn().shapes().stream()
                .filter(shape -> shape.name().equals("windows-evtx-json")).findFirst().orElseThrow();
        FieldEvent event = FieldEvent.builder(new Origin("test", "json", 1)).put("Channel", "Application")
                .put("EventID", "1").put("Event.UserData.Alert.Signature", "x").build();
        EventView probeOfShape = new EventView(event, new FieldSlots(new CanonicalNames(evtxJson), Map.of()));
        assertThat(probeOfShape.canonical("Signature").text()).isEqualTo("x"); // under the shape's *. prefix
        EventView nxlog = new EventView(event, new FieldSlots(names, Map.of()));
        nxlog.shareNames(probeOfShape);
        assertThat(nxlog.texts("Signature")).isEmpty(); // the nxlog shape has no such prefix
    }

    @Test
    void detectionsUseNamesWithSpacesAfterRouting() {
        RuleHarness.Outcome outcome = RuleHarness.load("""
                title: spaced
                id: 6a1b2c3d-0000-4000-8000-000000000002
                status: test
                level: low
                logsource:
                  product: windows
                  service: application
                detection:
                  sel:
                    ThreatName|contains: 'eicar'
                  condition: sel
                """);
        Detector detector = outcome.compilation().detector();
        assertThat(detector.detect(event("x EICAR y"))).hasSize(1);
        assertThat(detector.detect(event("clean"))).isEmpty();
        assertThat(detector.detect(event("EICAR"))).hasSize(1);
    }
}
