package dev.vigil.engine;

import dev.vigil.event.Event;
import dev.vigil.rules.RuleLoader;
import dev.vigil.rules.RuleSet;
import dev.vigil.rules.mapping.MappingLoader;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prefilters built from one {@link Prefilter.Scanners} share the scanner of a literal list they both scan for, and
 * each still reports its own test numbers and candidate rules: the same as a prefilter built with scanners of its
 * own. The second prefilter's extra rule comes first, so its tests are numbered differently from the first's.
 */
class SharedScannersTest {

    @Test
    void sharedScannersReportEachPrefiltersOwnTests() {
        RuleSet rules = new RuleLoader().addText("rules.yml", rule("0", "Image|endswith: '.zzz'")
                + "---\n" + rule("1", "CommandLine|contains: 'whoami'")
                + "---\n" + rule("2", "CommandLine|contains: 'net user'")).build();
        assertThat(rules.problems()).isEmpty();
        Detector.Compilation compilation = Detector.compile(rules, MappingLoader.builtIn(), Placeholders.NONE);
        Event any = RuleHarness.sysmon(Map.of("CommandLine", "x"));
        CompiledRule[] all = compilation.detector().route(any).rules();
        assertThat(all).hasSize(3);
        CompiledRule[] last = {all[1], all[2]};
        Prefilter.Scanners scanners = new Prefilter.Scanners();
        Prefilter small = Prefilter.of(last, scanners);
        Prefilter large = Prefilter.of(all, scanners);
        assertThat(scanners.literalLists()).as("Image's list and the one CommandLine list, shared").isEqualTo(2);
        Prefilter smallAlone = Prefilter.of(last);
        Prefilter largeAlone = Prefilter.of(all);
        boolean numberedApart = false;
        for (Map<String, String> data : List.of(Map.of("CommandLine", "whoami /all"),
                Map.of("CommandLine", "net user x", "Image", "c:\\a.zzz"), Map.of("CommandLine", "whoami; net user"),
                Map.of("CommandLine", "nothing", "Image", "a.exe"))) {
            Event event = RuleHarness.sysmon(data);
            Router.Route route = compilation.detector().route(event);
            String smallSeen = scan(small, route, event);
            String largeSeen = scan(large, route, event);
            assertThat(smallSeen).as("%s", data).isEqualTo(scan(smallAlone, route, event));
            assertThat(largeSeen).as("%s", data).isEqualTo(scan(largeAlone, route, event));
            numberedApart |= !smallSeen.substring(smallSeen.indexOf(' ')).equals(largeSeen.substring(largeSeen.indexOf(' ')));
        }
        assertThat(numberedApart).as("the two prefilters number their tests apart").isTrue();
    }

    /** The candidate rules and the fired tests' bits of a scan. */
    private static String scan(Prefilter prefilter, Router.Route route, Event event) {
        EventView view = route.view(event);
        boolean[] candidates = prefilter.scan(view, null);
        return Arrays.toString(candidates).replace(" ", "") + " " + Arrays.toString(view.firedTests());
    }

    private static String rule(String number, String selection) {
        return """
                title: rule %s
                id: 6a1b2c3d-0000-4000-8000-00000000000%s
                level: low
                logsource: {product: windows, category: process_creation}
                detection:
                  sel:
                    %s
                  condition: sel
                """.formatted(number, number, selection);
    }
}
