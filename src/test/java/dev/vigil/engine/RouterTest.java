package dev.vigil.engine;

import dev.vigil.event.FieldEvent;
import dev.vigil.event.Origin;
import dev.vigil.event.Value;
import dev.vigil.rules.RuleLoader;
import dev.vigil.rules.RuleSet;
import dev.vigil.rules.mapping.MappingLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Routing by the condition fields of the event's shape: each way {@link EventView#canonical} resolves a field (an
 * explicit source's first or later name, a prefix, the name itself, and the loose names only the full resolution
 * finds) gives the route of the entries whose conditions hold, whatever the case of the texts; the per-values cache
 * gives the same route to texts that fold alike and stays right beyond its bound.
 */
class RouterTest {
    private static final String SYSMON = "Microsoft-Windows-Sysmon/Operational";
    private static Detector detector;

    @BeforeAll
    static void compile() {
        RuleLoader loader = new RuleLoader();
        for (String category : List.of("process_creation", "registry_add", "registry_set", "registry_event")) {
            loader.addText(category + ".yml", """
                    title: %s
                    id: 6a1b2c3d-0000-4000-8000-%012d
                    status: test
                    level: low
                    logsource:
                      product: windows
                      category: %s
                    detection:
                      sel:
                        Image|endswith: '\\evil.exe'
                      condition: sel
                    """.formatted(category, category.hashCode() & 0xFFFFFF, category));
        }
        RuleSet rules = loader.build();
        assertThat(rules.rules()).hasSize(4);
        detector = Detector.compile(rules, MappingLoader.builtIn(), Placeholders.NONE).detector();
    }

    private static FieldEvent event(Map<String, String> fields) {
        FieldEvent.Builder builder = FieldEvent.builder(new Origin("test", "json", 1));
        fields.forEach((name, text) -> builder.put(name, name.endsWith("EventID") || name.endsWith("#text")
                ? new Value.Number(text) : Value.text(text)));
        return builder.build();
    }

    private static Map<String, String> fields(String... namesAndTexts) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndTexts.length; i += 2) {
            fields.put(namesAndTexts[i], namesAndTexts[i + 1]);
        }
        return fields;
    }

    private static List<String> routed(Map<String, String> fields) {
        Router.Route route = detector.route(event(fields));
        return route == null ? null : Arrays.stream(route.rules()).map(rule -> rule.rule().title()).sorted().toList();
    }

    @Test
    void eachWayOfResolvingAFieldRoutesAlike() {
        // evtx_dump JSON: EventID through the explicit source's first name (#text) or its second, EventType by prefix
        assertThat(routed(fields("Event.System.Channel", SYSMON, "Event.System.EventID.#text", "1")))
                .containsExactly("process_creation");
        assertThat(routed(fields("Event.System.Channel", SYSMON, "Event.System.EventID", "1")))
                .containsExactly("process_creation");
        assertThat(routed(fields("Event.System.Channel", SYSMON, "Event.System.EventID", "12",
                "Event.EventData.EventType", "CreateKey"))).containsExactly("registry_add", "registry_event");
        // only the full resolution finds EventType under UserData's one element of any name
        assertThat(routed(fields("Event.System.Channel", SYSMON, "Event.System.EventID", "12",
                "Event.UserData.Anything.EventType", "CreateKey"))).containsExactly("registry_add", "registry_event");
        assertThat(routed(fields("Event.System.Channel", SYSMON, "Event.System.EventID", "12")))
                .containsExactly("registry_event");
        // NXLog: names at top level; a name with a space is found through the loose names
        assertThat(routed(fields("Channel", SYSMON, "EventID", "12", "Event Type", "CreateKey")))
                .containsExactly("registry_add", "registry_event");
        assertThat(routed(fields("Channel", SYSMON, "EventID", "13"))).containsExactly("registry_event", "registry_set");
        assertThat(routed(fields("Channel", "Security", "EventID", "1"))).isEmpty();
        assertThat(routed(fields("Unrelated", "x"))).isNull();
    }

    /**
     * The pivot (Channel) decides which other condition fields are looked up: EventType only where an entry that
     * accepts the channel tests it, whatever the channel's case; an event without the pivot meets only the entries
     * that do not test it.
     */
    @Test
    void thePivotDecidesWhichFieldsAreLookedUp() {
        assertThat(routed(fields("Channel", SYSMON.toUpperCase(), "EventID", "12", "EventType", "CreateKey")))
                .containsExactly("registry_add", "registry_event");
        assertThat(routed(fields("Channel", SYSMON.toLowerCase(), "EventID", "12", "EventType", "Other")))
                .containsExactly("registry_event");
        Router.Route security = detector.route(event(fields("Channel", "Security", "EventID", "12", "EventType",
                "CreateKey")));
        assertThat(security.rules()).isEmpty();
        assertThat(detector.route(event(fields("Channel", "Security", "EventID", "12")))).isSameAs(security);
        FieldEvent withoutChannel = FieldEvent.builder(new Origin("test", "evtx", 1))
                .put("EventID", new Value.Number("12")).put("EventType", "CreateKey").build();
        assertThat(detector.route(withoutChannel).rules()).isEmpty();
        FieldEvent withChannel = FieldEvent.builder(new Origin("test", "evtx", 1)).put("Channel", SYSMON)
                .put("EventID", new Value.Number("12")).put("EventType", "CreateKey").build();
        assertThat(Arrays.stream(detector.route(withChannel).rules()).map(rule -> rule.rule().title()).sorted())
                .containsExactly("registry_add", "registry_event");
    }

    @Test
    void textsThatFoldAlikeShareTheRoute() {
        Router.Route lower = detector.route(event(fields("Channel", SYSMON.toLowerCase(), "EventID", "1")));
        Router.Route upper = detector.route(event(fields("Channel", SYSMON.toUpperCase(), "EventID", "1")));
        Router.Route asWritten = detector.route(event(fields("Channel", SYSMON, "EventID", "1")));
        assertThat(lower).isSameAs(upper).isSameAs(asWritten);
        assertThat(Arrays.stream(lower.rules()).map(rule -> rule.rule().title())).containsExactly("process_creation");
        assertThat(detector.route(event(fields("Channel", SYSMON + " ", "EventID", "1"))).rules()).isEmpty();
    }

    @Test
    void routesStayRightBeyondTheCacheBound() {
        for (int id = 100; id < 100 + Router.MAX_CACHED_ROUTES + 50; id++) {
            assertThat(routed(fields("Channel", SYSMON, "EventID", Integer.toString(id)))).isEmpty();
        }
        assertThat(routed(fields("Channel", SYSMON.toUpperCase(), "EventID", "13")))
                .containsExactly("registry_event", "registry_set");
        assertThat(routed(fields("Channel", "microsoft-windows-sysmon/operational", "EventID", "12",
                "EventType", "createkey"))).containsExactly("registry_add", "registry_event");
    }
}
