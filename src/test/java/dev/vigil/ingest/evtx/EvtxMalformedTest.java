package dev.vigil.ingest.evtx;

import dev.vigil.ingest.InputProblem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

import static dev.vigil.ingest.evtx.EvtxBuilder.*;
import static dev.vigil.ingest.evtx.EvtxValueTypesTest.read;
import static dev.vigil.ingest.evtx.EvtxValueTypesTest.SOURCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Malformed structures inside otherwise valid chunks: each bad record is reported with its chunk and record, and
 * the good records around it are still read.
 */
class EvtxMalformedTest {
    private static final TemplateDef GOOD = template(element("Event",
            element("System", element("EventID", sub(0, 0x06))),
            element("EventData", element("Data").attr("Name", text("Value")).add(sub(1, 0x01)))));

    private static Instance good(int eventId) {
        return instance(GOOD, uint16(eventId), string("good " + eventId));
    }

    /** Records 1 and 2 good, 3 bad (written by {@code bad}), 4 and 5 good; returns the single problem. */
    private static InputProblem readAround(Consumer<ChunkWriter> bad) throws IOException {
        byte[] file = new EvtxBuilder().record(good(1)).record(good(2)).rawRecord(bad).record(good(4))
                .record(good(5)).build();
        EvtxValueTypesTest.Read read = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> read(file));
        assertThat(read.records()).extracting(EvtxRecord::id).containsExactly(1L, 2L, 4L, 5L);
        assertThat(read.records()).extracting(r -> r.event().get("Value").text())
                .containsExactly("good 1", "good 2", "good 4", "good 5");
        assertThat(read.problems()).hasSize(1);
        InputProblem problem = read.problems().get(0);
        assertThat(problem.source()).isEqualTo(SOURCE);
        assertThat(problem.message()).startsWith("chunk 0, record 3: ");
        return problem;
    }

    /** {@code bottom} wrapped {@code depth} times in an instance of {@code template}, as its nested value 0. */
    private static Fragment nested(TemplateDef template, Fragment bottom, int depth) {
        Fragment value = bottom;
        for (int i = 0; i < depth; i++) {
            value = instance(template, binxml(value));
        }
        return value;
    }

    private static void fragmentHeader(ChunkWriter w) {
        w.u8(0x0f).u8(1).u8(1).u8(0);
    }

    /** A template reference to a definition that cannot be there; the message part is empty when any will do. */
    @ParameterizedTest(name = "template at {0}")
    @CsvSource(textBlock = """
            0x10000,    skipped
            0xfff0,     skipped
            0x7ffffff0, skipped
            0xffffffff, skipped
            0x0,        points into the chunk header
            0x80,       points into the chunk header
            0x1ff,      points into the chunk header
            0x203,      ''
            """)
    void templateOffsetWhereNoTemplateCanBe(String offset, String message) throws IOException {
        InputProblem problem = readAround(w -> {
            fragmentHeader(w);
            w.u8(0x0c).u8(1).u32(77).u32(Long.decode(offset).intValue()).u32(0);
        });
        assertThat(problem.message()).contains(message);
    }

    @Test
    void substitutionCountLargerThanTheRecord() throws IOException {
        for (int count : new int[] {3, 1000, 0x7fffffff, 0xffffffff}) {
            InputProblem problem = readAround(w -> {
                fragmentHeader(w);
                w.templateReference(GOOD);
                w.u32(count).u16(2).u8(0x06).u8(0).u16(2).u8(0x01).u8(0).u16(7).u16('x');
            });
            assertThat(problem.message()).containsAnyOf("substitution count", "out of range", "past their record");
        }
    }

    @Test
    void valueSizeRunningPastTheRecord() throws IOException {
        InputProblem problem = readAround(w -> {
            fragmentHeader(w);
            w.templateReference(GOOD);
            w.u32(2).u16(2).u8(0x06).u8(0).u16(0xffff).u8(0x01).u8(0).u16(7).utf16("short");
        });
        assertThat(problem.message()).contains("past their record");
    }

    @Test
    void unknownToken() throws IOException {
        for (int token : new int[] {0x10, 0x1f, 0x20, 0xff, 0x4c}) {
            InputProblem problem = readAround(w -> {
                fragmentHeader(w);
                w.element(element("Event", element("EventData", text("x"), raw(token, 0, 0, 0, 0))));
            });
            assertThat(problem.message()).contains("unexpected token");
        }
    }

    @Test
    void unknownTokenInATemplateDefinition() throws IOException {
        TemplateDef broken = template(element("Event", element("System", raw(0x13, 1, 2))));
        readAround(w -> w.fragment(instance(broken, uint16(1))));
    }

    @Test
    void valueTokenOfAnotherTypeThanString() throws IOException {
        InputProblem problem = readAround(w -> {
            fragmentHeader(w);
            w.element(element("Event", raw(0x05, 0x04, 1, 0, 0x41, 0)));
        });
        assertThat(problem.message()).contains("value token of type 0x4");
    }

    @Test
    void elementsNestedAThousandDeep() throws IOException {
        Element root = element("Deep");
        Element at = root;
        for (int i = 0; i < 1000; i++) {
            Element child = element("Deep");
            at.add(child);
            at = child;
        }
        Element deepest = at;
        deepest.add(text("bottom"));
        InputProblem plain = readAround(w -> w.fragment(root));
        assertThat(plain.message()).contains("nested deeper than");
        InputProblem inTemplate = readAround(w -> w.fragment(instance(template(root))));
        assertThat(inTemplate.message()).contains("nested deeper than");
    }

    @Test
    void nameOffsetPastTheEndOfTheChunk() throws IOException {
        for (int offset : new int[] {0x10000, 0xfffe, 0x12345, 0x7fffffff, 0xfffffffe}) {
            readAround(w -> {
                fragmentHeader(w);
                // an element whose name lies past the chunk's end
                w.u8(0x01).u16(0xffff).u32(20).u32(offset).u8(0x03);
            });
        }
    }

    @Test
    void attributeAndEntityNameOffsetsPastTheEndOfTheChunk() throws IOException {
        readAround(w -> {
            fragmentHeader(w);
            w.element(element("Event", raw(0x09, 0x00, 0x00, 0x01, 0x00)));
        });
        readAround(w -> {
            fragmentHeader(w);
            w.element(element("Event", raw(0x0a, 0xff, 0xff, 0x01, 0x00)));
        });
    }

    @Test
    void nameLengthRunningPastTheEndOfTheChunk() throws IOException {
        readAround(w -> {
            fragmentHeader(w);
            int name = w.pos() + 11;
            w.u8(0x01).u16(0xffff).u32(20).u32(name).u32(0).u16(0).u16(0xffff).utf16("Event");
        });
    }

    @Test
    void nestedBinaryXmlWithinItselfBeyondTheRecursionBound() throws IOException {
        // each level is an instance of the same template whose only value is the next level
        TemplateDef nest = template(element("Nest", sub(0, 0x21)));
        Fragment outermost = nested(nest, element("Bottom", text("reached")), 200);
        InputProblem problem = readAround(w -> w.fragment(outermost));
        assertThat(problem.message()).contains("nested binary XML deeper than");
    }

    @Test
    void nestedBinaryXmlShallowEnoughIsRead() throws IOException {
        TemplateDef nest = template(element("Nest", sub(0, 0x21)));
        Fragment value = element("EventData", element("Data").attr("Name", text("Value")).add(text("deep")));
        for (int i = 0; i < 40; i++) {
            value = instance(nest, binxml(value));
        }
        byte[] file = new EvtxBuilder().record(value).build();
        EvtxValueTypesTest.Read read = read(file);
        assertThat(read.problems()).isEmpty();
        // the root is <Nest>, not <Event>: the leaf goes by its element name
        assertThat(read.event(0).get("Data").text()).isEqualTo("deep");
    }

    @Test
    void aRecordThatOnlyStartsAFragmentOrIsEmpty() throws IOException {
        readAround(w -> fragmentHeader(w));
        readAround(w -> {
        });
        readAround(w -> {
            fragmentHeader(w);
            w.u8(0x0c);
        });
    }

    @Test
    void inlineTemplateDefinitionWithASizeRunningPastTheChunk() throws IOException {
        readAround(w -> {
            fragmentHeader(w);
            int definition = w.pos() + 10;
            w.u8(0x0c).u8(1).u32(9).u32(definition).u32(0).bytes(new byte[16]).u32(0x7fffffff);
        });
    }

    @Test
    void aRecordWhoseSizeIsBrokenEndsItsChunkButTheNextChunkIsRead() throws IOException {
        byte[] file = new EvtxBuilder().record(good(1)).record(good(2)).record(good(3)).newChunk().record(good(4))
                .build();
        int second = EvtxBuilder.FILE_HEADER_SIZE + 512 + get32(file, EvtxBuilder.FILE_HEADER_SIZE + 512 + 4);
        put32(file, second + 4, 0x0fffffff);
        EvtxBuilder.fixChecksums(file);

        EvtxValueTypesTest.Read read = read(file);

        assertThat(read.records()).extracting(EvtxRecord::id).containsExactly(1L, 4L);
        assertThat(read.problems()).extracting(InputProblem::message)
                .containsExactly("chunk 0, record 2: record size 268435455 at offset 0x"
                        + Integer.toHexString(second - EvtxBuilder.FILE_HEADER_SIZE)
                        + " is not consistent; the rest of the chunk is skipped");
        // as documented, a broken size ends the chunk; carving only scans the slack after the free-space offset
        assertThat(read(file, true).records()).extracting(EvtxRecord::id).containsExactly(1L, 4L);
    }

    @Test
    void aChunkWithABadChecksumIsSkippedUnlessCarving() throws IOException {
        byte[] file = new EvtxBuilder().record(good(1)).newChunk().record(good(2)).newChunk().record(good(3)).build();
        file[EvtxBuilder.FILE_HEADER_SIZE + EvtxBuilder.CHUNK_SIZE + 600] ^= 1;

        EvtxValueTypesTest.Read read = read(file);
        assertThat(read.records()).extracting(EvtxRecord::id).containsExactly(1L, 3L);
        assertThat(read.problems()).extracting(InputProblem::message)
                .containsExactly("chunk 1: record checksum does not match; its records are skipped "
                        + "(--carve recovers what it can)");
        List<EvtxRecord> carved = read(file, true).records();
        assertThat(carved).extracting(EvtxRecord::id).containsExactly(1L, 2L, 3L);
        assertThat(carved).extracting(EvtxRecord::carved).containsExactly(false, true, false);
    }

    @Test
    void nestedBinaryXmlSubstitutedManyTimesOverDoesNotExplode() throws IOException {
        // a template that uses its one nested value 200 times, nested 5 deep: 200^5 copies if each is bound anew
        Node[] uses = new Node[200];
        Arrays.fill(uses, sub(0, 0x21));
        TemplateDef fan = template(element("Fan", uses));
        Fragment outermost = nested(fan, element("Leaf", text("x")), 5);
        InputProblem problem = readAround(w -> w.fragment(outermost));
        assertThat(problem.message()).contains("binary XML");
    }

    /** A template {@code levels} elements deep with a nested value at the bottom, instantiated {@code nesting} deep. */
    private static Fragment deepNesting(int levels, int nesting) {
        Element root = element("Deep");
        Element at = root;
        for (int i = 1; i < levels; i++) {
            Element child = element("Deep");
            at.add(child);
            at = child;
        }
        at.add(sub(0, 0x21));
        TemplateDef deep = template(root);
        Fragment value = element("Bottom", text("reached"));
        for (int i = 0; i < nesting; i++) {
            value = instance(deep, binxml(value));
        }
        return value;
    }

    @Test
    void deepTemplatesNestedDeepDoNotOverflowTheStack() throws IOException {
        // 47 elements deep in each template, 47 nested values: about 2,200 levels once bound
        Fragment value = deepNesting(47, 47);
        InputProblem problem = readAround(w -> w.fragment(value));
        assertThat(problem.message()).contains("nested deeper than");
    }

    @Test
    void deepTemplatesNestedAFewTimesAreRead() throws IOException {
        byte[] file = new EvtxBuilder().record(good(1)).record(deepNesting(45, 2)).record(good(3)).build();

        EvtxValueTypesTest.Read read = read(file);

        assertThat(read.problems()).isEmpty();
        assertThat(read.event(1).get("Bottom").text()).isEqualTo("reached");
        assertThat(EvtxValueTypesTest.json(read.records().get(1))).contains("\"Bottom\":\"reached\"");
    }
}
