package dev.vigil.engine;

import dev.vigil.event.Event;
import dev.vigil.event.FieldEvent;
import dev.vigil.event.Origin;
import dev.vigil.event.Value;
import dev.vigil.ingest.EventReader;
import dev.vigil.ingest.json.JsonFormat;
import dev.vigil.rules.mapping.FieldSource;
import dev.vigil.rules.mapping.Shape;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How {@link EventView} resolves a Sigma field through the shape (explicit sources, templates, plain and {@code *.}
 * prefixes, the raw name, Name/Value lists, names with spaces) and the route's aliases, with the names planned once
 * per shape ({@link CanonicalNames}) and shared by events: each case on a field event and on the same event read by
 * the JSON reader (whose events tell when no name holds a space), and by position on the event laid out
 * ({@link LaidOutEvent}: the positions remembered per layout, shared by all cases), and in both orders of events
 * through one plan.
 */
class EventViewResolutionTest {
    private static final FieldSource.Template STEM_QUERY = new FieldSource.Template(List.of(
            new FieldSource.Segment(List.of(new FieldSource.Part(null, "stem")), false),
            new FieldSource.Segment(List.of(new FieldSource.Part("?", null), new FieldSource.Part(null, "query")), true)));

    private static final Shape SHAPE = new Shape("test", "test", List.of("json"), List.of(),
            Map.of("EventID", new FieldSource.First(List.of("Sys.EventID.#text", "Sys.EventID")),
                    "Url", new FieldSource.Values(List.of(STEM_QUERY))),
            List.of("Data.", "User.*.", "More."), List.of(), List.of("Parameters"));

    private static final Map<String, FieldSource> ALIASES = Map.of(
            "TargetFilename", new FieldSource.First(List.of("Path", "Image")),
            "Both", new FieldSource.Values(List.of(new FieldSource.Template(List.of(new FieldSource.Segment(List.of(
                    new FieldSource.Part(null, "Image"), new FieldSource.Part("|", null),
                    new FieldSource.Part(null, "EventID")), false))))));

    /** The texts a field resolves to on an event of these fields (name, JSON text pairs), per reading of it. */
    private static List<String> texts(String field, String... namesAndTexts) throws IOException {
        List<String> fromFields = texts(fieldEvent(namesAndTexts), field);
        List<String> fromJson = texts(jsonEvent(namesAndTexts), field);
        assertThat(fromJson).as("JSON reader against field event for %s", field).isEqualTo(fromFields);
        LaidOutEvent laidOut = LaidOutEvent.of(fieldEvent(namesAndTexts));
        List<String> byPosition = Arrays.asList(new EventView(laidOut, LAID_OUT).texts(field));
        assertThat(byPosition).as("by position against by name for %s", field).isEqualTo(fromFields);
        return fromFields;
    }

    /** Shared by every case, so that layouts' positions are remembered across them (keyed by the names). */
    private static final FieldSlots LAID_OUT = new FieldSlots(new CanonicalNames(SHAPE), ALIASES);

    private static List<String> texts(Event event, String field) {
        return Arrays.asList(new EventView(event, new FieldSlots(new CanonicalNames(SHAPE), ALIASES)).texts(field));
    }

    private static Event fieldEvent(String... namesAndTexts) {
        FieldEvent.Builder builder = FieldEvent.builder(new Origin("test", "json", 1));
        for (int i = 0; i < namesAndTexts.length; i += 2) {
            builder.put(namesAndTexts[i], Value.text(namesAndTexts[i + 1]));
        }
        return builder.build();
    }

    private static Event jsonEvent(String... namesAndTexts) throws IOException {
        StringBuilder line = new StringBuilder("{");
        for (int i = 0; i < namesAndTexts.length; i += 2) {
            line.append(i == 0 ? "" : ",").append('"').append(namesAndTexts[i]).append("\":\"")
                    .append(namesAndTexts[i + 1]).append('"');
        }
        try (EventReader reader = new JsonFormat().open(new ByteArrayInputStream(
                (line + "}\n").getBytes(StandardCharsets.UTF_8)), "test", problem -> {
                    throw new AssertionError(problem.toString());
                })) {
            return reader.next();
        }
    }

    @Test
    void explicitSourcesComeFirstInTheirOrder() throws IOException {
        assertThat(texts("EventID", "Sys.EventID", "2", "Sys.EventID.#text", "1", "EventID", "3")).containsExactly("1");
        assertThat(texts("EventID", "Sys.EventID", "2", "EventID", "3")).containsExactly("2");
        // a First source left empty falls through to the prefixes and the name
        assertThat(texts("EventID", "Data.EventID", "4", "EventID", "3")).containsExactly("4");
        assertThat(texts("EventID", "EventID", "3")).containsExactly("3");
    }

    @Test
    void prefixesInTheirOrderThenTheName() throws IOException {
        assertThat(texts("Image", "Image", "raw", "More.Image", "more", "Data.Image", "data")).containsExactly("data");
        assertThat(texts("Image", "Image", "raw", "More.Image", "more")).containsExactly("more");
        assertThat(texts("Image", "Image", "raw")).containsExactly("raw");
        assertThat(texts("Image", "Other", "x")).isEmpty();
        // a plain prefix needs its whole text: Data is not Data.
        assertThat(texts("Image", "DataImage", "x", "Data", "y")).isEmpty();
    }

    @Test
    void starPrefixesSkipOneElementOfAnyName() throws IOException {
        assertThat(texts("EventType", "User.Anything.EventType", "CreateKey")).containsExactly("CreateKey");
        assertThat(texts("EventType", "User.EventType", "x")).isEmpty();
        assertThat(texts("Deep.Name", "User.A.Deep.Name", "y")).containsExactly("y");
        // the element's own rest with spaces removed
        assertThat(texts("TheName", "User.A.The Name", "z")).containsExactly("z");
        // the direct names win over the loose ones
        assertThat(texts("EventType", "User.A.EventType", "loose", "EventType", "direct")).containsExactly("direct");
    }

    @Test
    void namesWithSpacesResolveWithoutThem() throws IOException {
        assertThat(texts("ThreatName", "Threat Name", "EICAR")).containsExactly("EICAR");
        assertThat(texts("ThreatName", "Data.Threat Name", "EICAR")).containsExactly("EICAR");
        assertThat(texts("ThreatName", "Threat Name", "a", "Data.Threat Name", "b")).containsExactly("a");
        assertThat(texts("Threat Name", "Threat Name", "as written")).containsExactly("as written");
        assertThat(texts("ThreatName", "ThreatKind", "x", "Threat", "y")).isEmpty();
    }

    @Test
    void nameValueListsByItemName() throws IOException {
        String[] fields = {"Parameters.0.Name", "Identity", "Parameters.0.Value", "alice",
                "Parameters.1.Name", "Force", "Parameters.1.NewValue", "True"};
        assertThat(texts("Parameters.identity", fields)).containsExactly("alice");
        assertThat(texts("Parameters.Force", fields)).containsExactly("True");
        assertThat(texts("Parameters.Missing", fields)).isEmpty();
        assertThat(texts("Parameters", fields)).containsExactly("Identity=alice", "Force=True");
        assertThat(texts("ParametersX", fields)).isEmpty();
    }

    @Test
    void templatesAndAliases() throws IOException {
        assertThat(texts("Url", "stem", "/a", "query", "b=1")).containsExactly("/a?b=1");
        assertThat(texts("Url", "stem", "/a")).containsExactly("/a");
        assertThat(texts("Url", "query", "b=1")).isEmpty();
        // an alias's names are canonical names, so prefixes apply to them
        assertThat(texts("TargetFilename", "Data.Image", "x.exe")).containsExactly("x.exe");
        assertThat(texts("TargetFilename", "Path", "p", "Data.Image", "i")).containsExactly("p");
        assertThat(texts("Both", "Data.Image", "i", "Sys.EventID", "7")).containsExactly("i|7");
        assertThat(texts("Both", "Data.Image", "i")).isEmpty();
    }

    @Test
    void onePlanServesEventsOfEveryKindInAnyOrder() throws IOException {
        FieldSlots names = new FieldSlots(new CanonicalNames(SHAPE), ALIASES);
        List<Event> events = List.of(jsonEvent("Data.Image", "data"), jsonEvent("Threat Name", "spaced"),
                jsonEvent("Image", "raw"), jsonEvent("User.X.Image", "star"), jsonEvent("Other", "none"),
                fieldEvent("Threat Name", "spaced too"));
        List<String> expected = List.of("[data]", "[]", "[raw]", "[star]", "[]", "[]");
        List<String> expectedSpaced = List.of("[]", "[spaced]", "[]", "[]", "[]", "[spaced too]");
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < events.size(); i++) {
                int at = round == 0 ? i : events.size() - 1 - i;
                Function<String, String> resolve = field -> Arrays.toString(
                        new EventView(events.get(at), names).texts(field));
                assertThat(resolve.apply("Image")).as("event %d", at).isEqualTo(expected.get(at));
                assertThat(resolve.apply("ThreatName")).as("event %d", at).isEqualTo(expectedSpaced.get(at));
            }
        }
    }

    /** A route's views find the prefilter's scanned fields by index as they find them by name; another prefilter's
     * indexes are not taken for theirs. */
    @Test
    void scannedFieldsByIndexAreTheFieldsByName() {
        RuleHarness.Outcome outcome = RuleHarness.load(RuleHarness.rule(String.join("\n",
                "  sel1:",
                "    CommandLine|contains: 'whoami'",
                "  sel2:",
                "    Image|endswith: '.exe'",
                "  sel3:",
                "    ParentImage|contains: 'x'",
                "  condition: 1 of sel*")));
        assertThat(outcome.runs()).as("%s", outcome.problems()).isTrue();
        Event event = RuleHarness.sysmon(Map.of("CommandLine", "whoami /all", "ParentImage", "p.exe"));
        Router.Route route = outcome.compilation().detector().route(event);
        Prefilter prefilter = route.prefilter();
        String[] scanned = prefilter.scannedFields();
        assertThat(scanned).contains("CommandLine", "Image", "ParentImage");
        Prefilter other = Prefilter.of(route.rules());
        for (int i = 0; i < scanned.length; i++) {
            String expected = Arrays.toString(route.view(event).flatValues(scanned[i]));
            EventView view = route.view(event);
            assertThat(Arrays.toString(view.flatValues(prefilter, i, scanned[i]))).as(scanned[i]).isEqualTo(expected);
            assertThat(Arrays.toString(view.flatValues(scanned[i]))).as(scanned[i]).isEqualTo(expected);
            // a prefilter that did not number the route's fields: every index names the field given with it
            for (int j = 0; j < scanned.length; j++) {
                assertThat(Arrays.toString(route.view(event).flatValues(other, j, scanned[i]))).isEqualTo(expected);
            }
        }
        assertThat(Arrays.toString(route.view(event).flatValues("CommandLine"))).contains("whoami /all");
    }

    @Test
    void theJsonReaderTellsWhetherANameHoldsASpace() throws IOException {
        assertThat(jsonEvent("a", "b c", "d.e", "f").mayNameHoldSpace()).isFalse();
        assertThat(jsonEvent("a", "b", "d e", "f").mayNameHoldSpace()).isTrue();
        for (String line : List.of("{\"a\":{\"b c\":1}}", "{\"a\":[{\"x y\":1}]}", "{\"a b\":[1,2]}",
                "{\"a\\u0020b\":1}")) {
            try (EventReader reader = new JsonFormat().open(new ByteArrayInputStream(
                    (line + "\n").getBytes(StandardCharsets.UTF_8)), "test", problem -> {
                        throw new AssertionError(problem.toString());
                    })) {
                assertThat(reader.next().mayNameHoldSpace()).as(line).isTrue();
            }
        }
        assertThat(fieldEvent("a", "b").mayNameHoldSpace()).as("unknown: assumed").isTrue();
    }
}
