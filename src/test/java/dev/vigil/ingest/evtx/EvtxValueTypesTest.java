package dev.vigil.ingest.evtx;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.event.Event;
import dev.vigil.event.Value;
import dev.vigil.ingest.InputProblem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static dev.vigil.ingest.evtx.EvtxBuilder.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every value type and token kind, in synthetic files made with {@link EvtxBuilder}: real sample files do not
 * hold them all. Each value is checked as {@link ValueDecoder} renders it.
 */
class EvtxValueTypesTest {
    static final String SOURCE = "synthetic.evtx";

    /** Records and problems of a file read whole. */
    record Read(List<EvtxRecord> records, List<InputProblem> problems) {
        Event event(int i) {
            return records.get(i).event();
        }
    }

    static Read read(byte[] file) throws IOException {
        return read(file, false);
    }

    static Read read(byte[] file, boolean carve) throws IOException {
        List<EvtxRecord> records = new ArrayList<>();
        List<InputProblem> problems = new ArrayList<>();
        try (EvtxReader reader = EvtxReader.open(new ByteArrayInputStream(file), SOURCE, carve, problems::add)) {
            EvtxRecord record;
            while ((record = reader.nextRecord()) != null) {
                records.add(record);
            }
        }
        return new Read(records, problems);
    }

    /** Event/System (Provider Name, EventID, Channel, TimeCreated SystemTime) with {@code data} after it. */
    static Element system() {
        return element("System",
                element("Provider").attr("Name", sub(0, 0x01)),
                element("EventID", sub(1, 0x06)),
                element("Channel", sub(2, 0x01)),
                element("TimeCreated").attr("SystemTime", sub(3, 0x11)));
    }

    static Element event(Node... sections) {
        return element("Event").attr("xmlns", text("http://schemas.microsoft.com/win/2004/08/events/event"))
                .add(system()).add(sections);
    }

    static final String CREATED = "2023-05-06T07:08:09.1234567Z";

    /** The four System values, then {@code more}. */
    static Val[] systemValues(Val... more) {
        List<Val> values = new ArrayList<>(List.of(string("Synthetic-Provider"), uint16(4688), string("Security"),
                filetime(CREATED)));
        values.addAll(List.of(more));
        return values.toArray(new Val[0]);
    }

    static Stream<Arguments> valueTypes() {
        return Stream.of(
                Arguments.of("string", string("héllo wörld"), new Value.Text("héllo wörld")),
                Arguments.of("string with trailing NUL", string("abc\0"), new Value.Text("abc")),
                Arguments.of("ansi", ansi("café"), new Value.Text("café")),
                Arguments.of("int8", int8(-5), new Value.Number("-5")),
                Arguments.of("uint8", uint8(250), new Value.Number("250")),
                Arguments.of("int16", int16(-300), new Value.Number("-300")),
                Arguments.of("uint16", uint16(65535), new Value.Number("65535")),
                Arguments.of("int32", int32(-70000), new Value.Number("-70000")),
                Arguments.of("uint32", uint32(4294967295L), new Value.Number("4294967295")),
                Arguments.of("int64", int64(-1234567890123L), new Value.Number("-1234567890123")),
                Arguments.of("uint64", uint64(-1L), new Value.Number("18446744073709551615")),
                Arguments.of("real32", real32(1.5f), new Value.Number("1.5")),
                Arguments.of("real32 integral", real32(2.0f), new Value.Number("2")),
                Arguments.of("real64", real64(3.25), new Value.Number("3.25")),
                Arguments.of("bool true", bool(true), new Value.Bool(true)),
                Arguments.of("bool false", bool(false), new Value.Bool(false)),
                Arguments.of("binary", binary((byte) 0x01, (byte) 0xab, (byte) 0xff, (byte) 0x00),
                        new Value.Text("01ABFF00")),
                Arguments.of("guid", guid("5770385f-c22a-43e0-bf4c-06f5698ffbd9"),
                        new Value.Text("{5770385F-C22A-43E0-BF4C-06F5698FFBD9}")),
                Arguments.of("SizeT 4 bytes", sizeT4(0x1234abcd), new Value.Number("0x1234abcd")),
                Arguments.of("SizeT 8 bytes", sizeT8(0x123456789abcL), new Value.Number("0x123456789abc")),
                Arguments.of("FILETIME", filetime("2019-04-30T22:48:58.9014769Z"),
                        new Value.Text("2019-04-30T22:48:58.9014769Z")),
                Arguments.of("FILETIME zero", value(0x11, new byte[8]), new Value.Text("1601-01-01T00:00:00.0000000Z")),
                Arguments.of("SYSTEMTIME", systemtime(2020, 2, 6, 29, 13, 4, 5, 78),
                        new Value.Text("2020-02-29T13:04:05.078Z")),
                Arguments.of("SID", sid("S-1-5-21-1004336348-1177238915-682003330-512"),
                        new Value.Text("S-1-5-21-1004336348-1177238915-682003330-512")),
                Arguments.of("SID LocalSystem", sid("S-1-5-18"), new Value.Text("S-1-5-18")),
                Arguments.of("HexInt32", hex32(0xdeadbeef), new Value.Number("0xdeadbeef")),
                Arguments.of("HexInt64", hex64(0x8000000000000000L), new Value.Number("0x8000000000000000")),
                Arguments.of("string array", strings("first", "", "thïrd"),
                        new Value.Array(List.of(new Value.Text("first"), new Value.Text(""), new Value.Text("thïrd")))),
                Arguments.of("uint16 array", array(uint16(1), uint16(2), uint16(65535)),
                        new Value.Array(List.of(new Value.Number("1"), new Value.Number("2"), new Value.Number("65535")))),
                Arguments.of("int32 array", array(int32(-1), int32(7)),
                        new Value.Array(List.of(new Value.Number("-1"), new Value.Number("7")))),
                Arguments.of("HexInt64 array", array(hex64(1), hex64(0xffL)),
                        new Value.Array(List.of(new Value.Number("0x1"), new Value.Number("0xff")))),
                Arguments.of("GUID array", array(guid("00000001-0002-0003-0405-060708090a0b")),
                        new Value.Array(List.of(new Value.Text("{00000001-0002-0003-0405-060708090A0B}")))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueTypes")
    void eachValueTypeIsRenderedAsWindowsRendersIt(String description, Val value, Value expected) throws IOException {
        for (boolean optional : new boolean[] {false, true}) {
            TemplateDef template = template(event(element("EventData",
                    element("Data").attr("Name", text("Value"))
                            .add(optional ? optional(4, value.type()) : sub(4, value.type())))));
            byte[] file = new EvtxBuilder().record(instance(template, systemValues(value))).build();

            Read read = read(file);

            assertThat(read.problems()).isEmpty();
            assertThat(read.records()).hasSize(1);
            Event event = read.event(0);
            assertThat(event.get("Value")).as(description).isEqualTo(expected);
            assertThat(event.get("Provider_Name")).isEqualTo(new Value.Text("Synthetic-Provider"));
            assertThat(event.get("EventID")).isEqualTo(new Value.Number("4688"));
            assertThat(event.get("Channel")).isEqualTo(new Value.Text("Security"));
            assertThat(event.get("TimeCreated_SystemTime")).isEqualTo(new Value.Text(CREATED));
            assertThat(event.timestamp()).isEqualTo(Instant.parse(CREATED));
            assertThat(event.origin().record()).isEqualTo(1);
            assertThat(read.records().get(0).written()).isEqualTo(Instant.parse("2024-01-02T03:04:05.1234567Z"));
        }
    }

    @Test
    void aNullValueIsNoFieldWithNormalAndOptionalSubstitution() throws IOException {
        TemplateDef template = template(event(element("EventData",
                element("Data").attr("Name", text("Normal")).add(sub(4, 0x01)),
                element("Data").attr("Name", text("Optional")).add(optional(5, 0x01)),
                element("Data").attr("Name", text("Present")).add(sub(6, 0x01)))));
        EvtxRecord record = read(new EvtxBuilder()
                .record(instance(template, systemValues(nul(), nul(), string("here")))).build()).records().get(0);

        assertThat(record.event().get("Normal")).isNull();
        assertThat(record.event().get("Optional")).isNull();
        assertThat(record.event().get("Present")).isEqualTo(new Value.Text("here"));
        assertThat(json(record)).contains("\"EventData\":{\"Normal\":null,\"Optional\":null,\"Present\":\"here\"}");
    }

    @Test
    void aNullAttributeValueDropsTheAttribute() throws IOException {
        TemplateDef template = template(event(element("EventData",
                element("Data").attr("Name", text("A")).add(text("x")))));
        // the TimeCreated SystemTime is NULL: the field is absent and the record's written time is the timestamp
        EvtxRecord record = read(new EvtxBuilder().record(instance(template,
                string("P"), uint16(1), string("C"), nul())).build()).records().get(0);

        assertThat(record.event().get("TimeCreated_SystemTime")).isNull();
        assertThat(record.event().timestamp()).isEqualTo(Instant.parse("2024-01-02T03:04:05.1234567Z"));
        assertThat(json(record)).contains("\"TimeCreated\":null");
    }

    @Test
    void entityAndCharacterReferencesCdataAndProcessingInstructionsInText() throws IOException {
        TemplateDef template = template(event(element("EventData",
                element("Data").attr("Name", text("Refs")).add(text("a"), entity("lt"), text("b"), entity("amp"),
                        charRef(0x41), entity("gt"), entity("quot"), entity("apos"), entity("nbsp"), charRef(0x20AC)),
                element("Data").attr("Name", text("CData")).add(cdata("x < y && <z/>")),
                element("Data").attr("Name", text("Mixed")).add(text("["), cdata("c"), sub(4, 0x01), text("]")),
                element("Data").attr("Name", text("AfterPi")).add(pi("xml-stylesheet", "href=\"a.xsl\""),
                        text("after")),
                element("Data").attr("Name", text("Attr" )).attr("Extra", text("1"), entity("amp"), text("2")))));
        Event event = read(new EvtxBuilder().record(instance(template, systemValues(string("v")))).build()).event(0);

        assertThat(event.get("Refs")).isEqualTo(new Value.Text("a<b&A>\"'&nbsp;€"));
        assertThat(event.get("CData")).isEqualTo(new Value.Text("x < y && <z/>"));
        assertThat(event.get("Mixed")).isEqualTo(new Value.Text("[cv]"));
        assertThat(event.get("AfterPi")).isEqualTo(new Value.Text("after"));
        assertThat(event.get("Attr")).isEqualTo(new Value.Text(""));
    }

    @Test
    void eventDataSuppliedAsANestedTemplateInstance() throws IOException {
        TemplateDef eventData = template(element("EventData",
                element("Data").attr("Name", text("TargetUserName")).add(sub(0, 0x01)),
                element("Data").attr("Name", text("LogonType")).add(sub(1, 0x08)),
                element("Data").attr("Name", text("Missing")).add(optional(2, 0x01))));
        TemplateDef outer = template(event(sub(4, 0x21)));
        byte[] file = new EvtxBuilder()
                .record(instance(outer, systemValues(binxml(instance(eventData, string("alice"), uint32(3), nul())))))
                .record(instance(outer, systemValues(binxml(instance(eventData, string("bob"), uint32(10), string("m"))))))
                .build();

        Read read = read(file);

        assertThat(read.problems()).isEmpty();
        assertThat(EvtxFiles.fields(read.event(0))).containsExactly(
                entry("Provider_Name", "Synthetic-Provider"), entry("EventID", "4688"), entry("Channel", "Security"),
                entry("TimeCreated_SystemTime", CREATED), entry("TargetUserName", "alice"), entry("LogonType", "3"));
        assertThat(read.event(0).get("LogonType")).isEqualTo(new Value.Number("3"));
        assertThat(read.event(1).get("TargetUserName")).isEqualTo(new Value.Text("bob"));
        assertThat(read.event(1).get("Missing")).isEqualTo(new Value.Text("m"));
        assertThat(read.event(1).timestamp()).isEqualTo(Instant.parse(CREATED));
    }

    @Test
    void nullValuesAreNoFieldWhetherOrNotTheRecordHasNestedValues() throws IOException {
        Element eventData = element("EventData",
                element("Data").attr("Name", text("Normal")).add(sub(0, 0x01)),
                element("Data").attr("Name", text("Optional")).add(optional(1, 0x01)),
                element("Data").attr("Name", text("Attributed")).attr("Kind", text("k")).add(sub(2, 0x01)),
                element("Data").attr("Name", text("Literal")));
        TemplateDef flat = template(element("Event", eventData));
        TemplateDef inner = template(eventData);
        TemplateDef outer = template(element("Event", sub(0, 0x21)));
        Val[] values = {nul(), nul(), nul()};
        Read read = read(new EvtxBuilder().record(instance(flat, values))
                .record(instance(outer, binxml(instance(inner, values)))).build());

        for (EvtxRecord record : read.records()) {
            assertThat(EvtxFiles.fields(record.event())).containsExactly(entry("Literal", ""));
            assertThat(json(record)).isEqualTo("{\"Event\":{\"EventData\":{\"Normal\":null,\"Optional\":null,"
                    + "\"Attributed\":null,\"Literal\":null}}}");
        }
    }

    @Test
    void aNestedValueMayBeAPlainElementOrNestAgain() throws IOException {
        TemplateDef inner = template(element("Detail", sub(0, 0x01)));
        TemplateDef outer = template(event(element("EventData", sub(4, 0x21)), element("UserData", sub(5, 0x21))));
        Element plain = element("Data", text("plain"));
        Element userData = element("Wrapper", element("Level1", element("Leaf", text("deep"))));
        TemplateDef middle = template(element("Inner", element("Value", sub(0, 0x21))));
        byte[] file = new EvtxBuilder().record(instance(outer, systemValues(binxml(plain),
                binxml(instance(middle, binxml(instance(inner, string("nested twice")))))))).record(instance(outer,
                systemValues(binxml(plain), binxml(userData)))).build();

        Read read = read(file);

        assertThat(read.problems()).isEmpty();
        assertThat(read.event(0).get("Data")).isEqualTo(new Value.Text("plain"));
        assertThat(read.event(0).get("Detail")).isEqualTo(new Value.Text("nested twice"));
        assertThat(read.event(1).get("Leaf")).isEqualTo(new Value.Text("deep"));
    }

    @Test
    void userDataLeavesGoByTheirElementNames() throws IOException {
        TemplateDef template = template(event(element("UserData",
                element("LogFileCleared").attr("xmlns", text("http://manifests.microsoft.com/win/2004/08/windows/eventlog"))
                        .add(element("SubjectUserSid", sub(4, 0x13)), element("SubjectUserName", sub(5, 0x01)),
                                element("Empty"), element("Opt", optional(6, 0x01)),
                                element("Attributed").attr("Kind", text("k")).add(text("t"))))));
        Event event = read(new EvtxBuilder().record(instance(template,
                systemValues(sid("S-1-5-21-1-2-3-500"), string("admin"), nul()))).build()).event(0);

        assertThat(event.get("SubjectUserSid")).isEqualTo(new Value.Text("S-1-5-21-1-2-3-500"));
        assertThat(event.get("SubjectUserName")).isEqualTo(new Value.Text("admin"));
        assertThat(event.get("Attributed")).isEqualTo(new Value.Text("t"));
        assertThat(event.get("Attributed_Kind")).isEqualTo(new Value.Text("k"));
        assertThat(event.get("Empty")).isNull();
        assertThat(event.get("Opt")).isNull();
        assertThat(event.get("LogFileCleared_xmlns")).isNull();
    }

    @Test
    void unnamedDataElementsMakeADataArray() throws IOException {
        TemplateDef template = template(event(element("EventData",
                element("Data", sub(4, 0x01)), element("Data", sub(5, 0x07)), element("Data", sub(6, 0x01)))));
        Event event = read(new EvtxBuilder().record(instance(template,
                systemValues(string("one"), int32(2), string("three")))).build()).event(0);

        assertThat(event.get("Data")).isEqualTo(new Value.Array(List.of(
                new Value.Text("one"), new Value.Number("2"), new Value.Text("three"))));
    }

    @Test
    void aLaterRecordPointsBackToTheTemplateAndNamesOfAnEarlierOne() throws IOException {
        TemplateDef template = template(event(element("EventData",
                element("Data").attr("Name", text("N")).add(sub(4, 0x08)))));
        EvtxBuilder builder = new EvtxBuilder();
        for (int i = 0; i < 5; i++) {
            builder.record(instance(template, systemValues(uint32(i))));
        }
        builder.newChunk();
        builder.record(instance(template, systemValues(uint32(100))));
        byte[] file = builder.build();

        Read read = read(file);

        assertThat(read.problems()).isEmpty();
        assertThat(read.records()).extracting(r -> r.event().get("N").text())
                .containsExactly("0", "1", "2", "3", "4", "100");
        assertThat(read.records()).extracting(EvtxRecord::chunkIndex).containsExactly(0L, 0L, 0L, 0L, 0L, 1L);
        assertThat(read.records()).extracting(EvtxRecord::id).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        // defined once per chunk: the later records of chunk 0 are only references and values
        assertThat(occurrences(file, guidBytes(template.guid))).isEqualTo(2);
        int first = read.records().get(1).offset() - read.records().get(0).offset();
        int second = read.records().get(2).offset() - read.records().get(1).offset();
        assertThat(second).isLessThan(first);
    }

    @Test
    void aRecordWithoutATemplateIsAPlainElementTree() throws IOException {
        Element tree = element("Event",
                element("System", element("Provider").attr("Name", text("Plain")), element("EventID", text("4624")),
                        element("TimeCreated").attr("SystemTime", text("2020-01-01T00:00:00.0000000Z"))),
                element("EventData", element("Data").attr("Name", text("User")).add(text("carol")),
                        element("Data").attr("Name", text("Escaped")).add(entity("lt"), text("x"), entity("gt"))));
        TemplateDef template = template(event());
        byte[] file = new EvtxBuilder().record(tree).record(instance(template, systemValues())).record(tree).build();

        Read read = read(file);

        assertThat(read.problems()).isEmpty();
        assertThat(read.records()).hasSize(3);
        Event event = read.event(0);
        assertThat(EvtxFiles.fields(event)).containsExactly(entry("Provider_Name", "Plain"), entry("EventID", "4624"),
                entry("TimeCreated_SystemTime", "2020-01-01T00:00:00.0000000Z"), entry("User", "carol"),
                entry("Escaped", "<x>"));
        // literal text is not a FILETIME: the timestamp is when the record was written
        assertThat(event.timestamp()).isEqualTo(Instant.parse("2024-01-02T03:04:05.1234567Z"));
        assertThat(read.event(2).get("User")).isEqualTo(new Value.Text("carol"));
    }

    @Test
    void recordsSpreadOverSeveralChunksAndCarvingFindsNoExtraRecords() throws IOException {
        TemplateDef template = template(event(element("EventData", element("Data", sub(4, 0x01)))));
        EvtxBuilder builder = new EvtxBuilder();
        for (int chunk = 0; chunk < 3; chunk++) {
            if (chunk > 0) {
                builder.newChunk();
            }
            for (int i = 0; i < 3; i++) {
                builder.record(instance(template, systemValues(string(chunk + "/" + i))));
            }
        }
        byte[] file = builder.build();

        for (boolean carve : new boolean[] {false, true}) {
            Read read = read(file, carve);
            assertThat(read.problems()).isEmpty();
            assertThat(read.records()).extracting(r -> r.event().get("Data").text())
                    .containsExactly("0/0", "0/1", "0/2", "1/0", "1/1", "1/2", "2/0", "2/1", "2/2");
        }
    }

    @Test
    void jsonOfOneRecord() throws IOException {
        TemplateDef template = template(event(element("EventData",
                element("Data").attr("Name", text("Image")).add(sub(4, 0x01)),
                element("Data").attr("Name", text("ProcessId")).add(sub(5, 0x08)),
                element("Data").attr("Name", text("LogonId")).add(sub(6, 0x15)),
                element("Data").attr("Name", text("Elevated")).add(sub(7, 0x0d)),
                element("Data").attr("Name", text("Guid")).add(sub(8, 0x0f)),
                element("Data").attr("Name", text("Empty")).add(optional(9, 0x01)),
                element("Data").attr("Name", text("Items")).add(sub(10, 0x81)),
                element("Data").attr("Name", text("Quoted")).add(text("a"), entity("quot"), text("b")))));
        EvtxRecord record = read(new EvtxBuilder().record(instance(template, systemValues(
                string("C:\\Windows\\cmd.exe"), uint32(4242), hex64(0x3e7), bool(true),
                guid("5770385f-c22a-43e0-bf4c-06f5698ffbd9"), nul(), strings("x", "y")))).build()).records().get(0);

        assertThat(json(record)).isEqualTo("{\"Event\":{"
                + "\"#attributes\":{\"xmlns\":\"http://schemas.microsoft.com/win/2004/08/events/event\"},"
                + "\"System\":{\"Provider\":{\"#attributes\":{\"Name\":\"Synthetic-Provider\"}},"
                + "\"EventID\":4688,\"Channel\":\"Security\","
                + "\"TimeCreated\":{\"#attributes\":{\"SystemTime\":\"" + CREATED + "\"}}},"
                + "\"EventData\":{\"Image\":\"C:\\\\Windows\\\\cmd.exe\",\"ProcessId\":4242,\"LogonId\":\"0x3e7\","
                + "\"Elevated\":true,\"Guid\":\"{5770385F-C22A-43E0-BF4C-06F5698FFBD9}\",\"Empty\":null,"
                + "\"Items\":[\"x\",\"y\"],\"Quoted\":\"a\\\"b\"}}}");
    }

    static String json(EvtxRecord record) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = new JsonFactory().createGenerator(out)) {
            EvtxJson.write(record, generator);
        }
        return out.toString();
    }

    static java.util.Map.Entry<String, String> entry(String key, String value) {
        return java.util.Map.entry(key, value);
    }

    static int occurrences(byte[] haystack, byte[] needle) {
        int count = 0;
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            count++;
        }
        return count;
    }
}
