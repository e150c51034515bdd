package dev.vigil.ingest.evtx;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.event.Event;
import dev.vigil.ingest.EventReader;
import dev.vigil.ingest.InputProblem;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.vigil.ingest.evtx.EvtxBuilder.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The EVTX reader on arbitrary bytes: every record read is visited whole (fields, timestamp, JSON), nothing but
 * IOException may escape, and every record takes at least its 28 bytes of the input, so reading ends. {@code file}
 * fuzzes whole files; {@code chunk} puts the bytes into one chunk of a valid file and fixes its signature,
 * free-space offset and checksums, so that mutations reach the records instead of failing the checksum. In a plain
 * {@code mvn test} both run once over the seed inputs in {@code EvtxFuzzTestInputs/}, synthetic files written by
 * {@link #writeSeeds()}.
 */
class EvtxFuzzTest {
    private static final JsonFactory JSON = new JsonFactory();
    private static final int MIN_RECORD = 28;

    @FuzzTest(maxDuration = "5s")
    void file(byte[] data) throws IOException {
        readAll(data, true);
    }

    @FuzzTest(maxDuration = "5s")
    void chunk(byte[] data) throws IOException {
        byte[] file = fileWithChunk(data);
        readAll(file, false);
        readAll(file, true);
    }

    /** A valid one-chunk file whose chunk is {@code body}, with signature, free-space offset and checksums fixed. */
    static byte[] fileWithChunk(byte[] body) {
        byte[] file = new EvtxBuilder().build();
        int at = FILE_HEADER_SIZE;
        Arrays.fill(file, at, at + CHUNK_SIZE, (byte) 0);
        System.arraycopy(body, 0, file, at, Math.min(body.length, CHUNK_SIZE));
        System.arraycopy("ElfChnk\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), 0, file, at, 8);
        int free = get32(file, at + 48);
        if (free < 512 || free > CHUNK_SIZE) {
            free = 512 + Math.floorMod(free, CHUNK_SIZE - 512 + 1);
            put32(file, at + 48, free);
        }
        fixChecksums(file);
        return file;
    }

    private static void readAll(byte[] data, boolean carve) throws IOException {
        List<InputProblem> problems = new ArrayList<>();
        long records = 0;
        try (EventReader events = new EvtxFormat(carve).open(new ByteArrayInputStream(data), "fuzz", problems::add);
             JsonGenerator json = JSON.createGenerator(Writer.nullWriter())) {
            EvtxReader reader = (EvtxReader) events;
            EvtxRecord record;
            while ((record = reader.nextRecord()) != null) {
                records++;
                assertThat(records * MIN_RECORD).isLessThanOrEqualTo(data.length);
                Event event = record.event();
                event.forEachField((name, value) -> {
                    assertThat(value).isNotNull();
                    assertThat(value.text()).isNotNull();
                });
                event.timestamp();
                record.written();
                EvtxJson.write(record, json);
                json.flush();
            }
            assertThat(reader.recordsRead()).isEqualTo(records);
        }
        assertThat(problems.size()).isLessThanOrEqualTo(data.length / MIN_RECORD + 2);
    }

    // ------------------------------------------------------------------ seed inputs

    /** Small synthetic files covering the value types and token kinds, by name. */
    static Map<String, byte[]> seeds() {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        Element system = element("System",
                element("Provider").attr("Name", sub(0, 0x01)).attr("Guid", optional(1, 0x0f)),
                element("EventID", sub(2, 0x06)),
                element("TimeCreated").attr("SystemTime", sub(3, 0x11)),
                element("Security").attr("UserID", optional(4, 0x13)));
        TemplateDef types = template(element("Event", system, element("EventData",
                element("Data").attr("Name", text("I8")).add(sub(5, 0x03)),
                element("Data").attr("Name", text("U64")).add(sub(6, 0x0a)),
                element("Data").attr("Name", text("R64")).add(sub(7, 0x0c)),
                element("Data").attr("Name", text("Bool")).add(sub(8, 0x0d)),
                element("Data").attr("Name", text("Bin")).add(sub(9, 0x0e)),
                element("Data").attr("Name", text("Size")).add(sub(10, 0x10)),
                element("Data").attr("Name", text("St")).add(sub(11, 0x12)),
                element("Data").attr("Name", text("Hex")).add(sub(12, 0x15)),
                element("Data").attr("Name", text("Strs")).add(sub(13, 0x81)),
                element("Data").attr("Name", text("Ints")).add(sub(14, 0x88)),
                element("Data").attr("Name", text("Ansi")).add(optional(15, 0x02)))));
        EvtxBuilder typed = new EvtxBuilder();
        for (int i = 0; i < 2; i++) {
            typed.record(instance(types, string("Provider"), guid("5770385f-c22a-43e0-bf4c-06f5698ffbd9"),
                    uint16(4688 + i), filetime("2023-05-06T07:08:09.1234567Z"), sid("S-1-5-21-1-2-3-500"),
                    int8(-1), uint64(-1), real64(0.5), bool(true), binary((byte) 1, (byte) 2), sizeT8(0x1000),
                    systemtime(2020, 2, 6, 29, 13, 4, 5, 78), hex64(0x3e7), strings("a", "b"),
                    array(uint32(1), uint32(2)), i == 0 ? nul() : ansi("ansi")));
        }
        seeds.put("types", typed.buildTrimmed());

        TemplateDef inner = template(element("EventData",
                element("Data").attr("Name", text("User")).add(sub(0, 0x01)), element("Data", sub(1, 0x07))));
        TemplateDef outer = template(element("Event", element("System", element("EventID", sub(0, 0x06))),
                sub(1, 0x21), element("UserData", sub(2, 0x21))));
        seeds.put("nested", new EvtxBuilder()
                .record(instance(outer, uint16(1), binxml(instance(inner, string("alice"), int32(7))),
                        binxml(element("Log", element("Leaf", text("plain"))))))
                .record(instance(outer, uint16(2), binxml(instance(inner, string("bob"), nul())), nul()))
                .buildTrimmed());

        Element tree = element("Event", element("System", element("EventID", text("4624"))),
                element("EventData", element("Data").attr("Name", text("Refs")).add(text("a"), entity("lt"),
                        charRef(0x41), cdata("<c>"), pi("target", "data"), entity("amp"))));
        seeds.put("tokens", new EvtxBuilder().record(tree).record(tree).buildTrimmed());

        Element deepRoot = element("Deep", element("Deeper", sub(0, 0x21), sub(0, 0x21)));
        TemplateDef deep = template(deepRoot);
        Fragment deepValue = element("Bottom", text("x"));
        for (int i = 0; i < 8; i++) {
            deepValue = instance(deep, binxml(deepValue));
        }
        seeds.put("deep", new EvtxBuilder().record(deepValue).record(deepValue).buildTrimmed());

        byte[] damaged = new EvtxBuilder().record(tree).record(tree).record(tree).build();
        int second = FILE_HEADER_SIZE + 512 + get32(damaged, FILE_HEADER_SIZE + 512 + 4);
        put32(damaged, second + 4, 0x7fff);
        fixChecksums(damaged);
        seeds.put("damaged", trim(damaged));
        return seeds;
    }

    /** The chunk of a seed file, up to its free-space offset. */
    static byte[] chunkOf(byte[] seed) {
        return Arrays.copyOfRange(seed, FILE_HEADER_SIZE, Math.min(seed.length,
                FILE_HEADER_SIZE + get32(seed, FILE_HEADER_SIZE + 48)));
    }

    @Test
    void seedsAreReadWithoutProblemsOrAsDamaged() throws IOException {
        for (Map.Entry<String, byte[]> seed : seeds().entrySet()) {
            byte[] full = Arrays.copyOf(seed.getValue(), FILE_HEADER_SIZE + CHUNK_SIZE);
            if (!seed.getKey().equals("damaged") && !seed.getKey().equals("deep")) {
                EvtxValueTypesTest.Read read = EvtxValueTypesTest.read(full);
                assertThat(read.problems()).as(seed.getKey()).isEmpty();
                assertThat(read.records()).as(seed.getKey()).hasSize(2);
            }
            readAll(seed.getValue(), true);
            chunk(chunkOf(seed.getValue()));
        }
    }

    /**
     * Rewrites the seed inputs (not a test, so the suite has nothing skipped): {@code mvn test-compile} then
     * {@code java -cp target/classes:target/test-classes:… dev.vigil.ingest.evtx.EvtxFuzzTest src/test/resources}.
     */
    public static void main(String[] args) throws IOException {
        Path root = Path.of(args[0]).resolve("dev/vigil/ingest/evtx/EvtxFuzzTestInputs");
        Files.createDirectories(root.resolve("file"));
        Files.createDirectories(root.resolve("chunk"));
        for (Map.Entry<String, byte[]> seed : seeds().entrySet()) {
            Files.write(root.resolve("file").resolve(seed.getKey()), seed.getValue());
            Files.write(root.resolve("chunk").resolve(seed.getKey()), chunkOf(seed.getValue()));
        }
    }
}
