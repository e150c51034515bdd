package dev.vigil.ingest.evtx;

import dev.vigil.event.Event;
import dev.vigil.ingest.InputPart;
import dev.vigil.ingest.InputProblem;
import dev.vigil.testing.EvtxDamage;
import dev.vigil.testing.SharedData;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The reader over files damaged on purpose ({@link EvtxDamage}: truncated at every chunk boundary and inside
 * records, header, chunk, template and value bytes flipped, sizes broken, chunks zeroed, random flips with and
 * without the checksums fixed up). For every variant, read as a stream and as chunk ranges, with and without
 * carving: no exception, no hang; without carving, every record read is a record of the original file, field for
 * field, unless the damage came with its checksums fixed up; and a record lost is never lost silently — a problem is
 * reported (a header-only file whose header lists no chunks is a consistent empty log, not a loss).
 */
class EvtxDamagedFilesTest {
    @TempDir
    Path directory;

    @ParameterizedTest
    @ValueSource(strings = {
            "evtx/attack-samples/Execution/Exec_sysmon_meterpreter_reversetcp_msipackage.evtx",
            "evtx/hayabusa/DeepBlueCLI/many-events-application.evtx",
            "evtx/plaso/test_data/evtx/System2.evtx"})
    void damagedVariantsNeverCrashNorHangNorInventRecords(String relative) throws Exception {
        Path source = SharedData.require(relative);
        byte[] original = Files.readAllBytes(source);
        Map<Long, Map<String, String>> originalRecords = new HashMap<>();
        for (Event event : EvtxFiles.read(source, false).events()) {
            originalRecords.put(event.origin().record(), EvtxFiles.fields(event));
        }
        List<EvtxDamage.Variant> variants = EvtxDamage.variants(original);
        assertThat(variants).hasSizeGreaterThan(50);
        int silentLosses = 0;
        long recordsRead = 0;
        long problemsReported = 0;
        for (EvtxDamage.Variant variant : variants) {
            Outcome outcome = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> read(variant), variant.name());
            // Variants whose checksums were fixed up after the damage read as what they now hold; the others must
            // give only records of the original.
            for (Event event : variant.name().contains("crc-fixed") ? List.<Event>of() : outcome.plain()) {
                assertThat(originalRecords.get(event.origin().record()))
                        .as("%s: record %d", variant.name(), event.origin().record())
                        .isEqualTo(EvtxFiles.fields(event));
            }
            boolean consistentEmptyLog = variant.bytes().length == 4096 && variant.bytes()[42] == 0 && variant.bytes()[43] == 0;
            if (outcome.plain().size() < originalRecords.size() && outcome.problems().isEmpty() && !consistentEmptyLog) {
                silentLosses++;
                System.out.println("lost silently: " + variant.name());
            }
            recordsRead += outcome.plain().size();
            problemsReported += outcome.problems().size();
        }
        System.out.printf("%s: %d damaged variants, %d records read, %d problems reported%n",
                source.getFileName(), variants.size(), recordsRead, problemsReported);
        assertThat(silentLosses).as("variants that lost records without a problem").isZero();
    }

    record Outcome(List<Event> plain, List<InputProblem> problems) {
    }

    private Outcome read(EvtxDamage.Variant variant) throws IOException {
        List<InputProblem> problems = new ArrayList<>();
        List<Event> plain = new ArrayList<>();
        try (EvtxReader reader = EvtxReader.open(new ByteArrayInputStream(variant.bytes()), variant.name(), false,
                problems::add)) {
            EvtxRecord record;
            while ((record = reader.nextRecord()) != null) {
                plain.add(record.event());
                exercise(record);
            }
        }
        try (EvtxReader reader = EvtxReader.open(new ByteArrayInputStream(variant.bytes()), variant.name(), true,
                problem -> { })) {
            EvtxRecord record;
            int carved = 0;
            while ((record = reader.nextRecord()) != null) {
                exercise(record);
                carved++;
                assertThat(carved).isLessThanOrEqualTo(variant.bytes().length / 28 + 1);
            }
        }
        Path file = directory.resolve("damaged.evtx");
        Files.write(file, variant.bytes());
        List<Event> split = new ArrayList<>();
        for (InputPart part : EvtxFile.split(file, variant.name(), 1, false, problem -> { })) {
            split.addAll(EvtxFiles.drain(part.open()));
        }
        assertThat(split).as(variant.name() + " read in chunk ranges").hasSameSizeAs(plain);
        return new Outcome(plain, problems);
    }

    /** Everything a consumer may do with a record: every field, the timestamp, the JSON dump. */
    private static void exercise(EvtxRecord record) throws IOException {
        record.event().forEachField((name, value) -> value.text());
        record.event().timestamp();
        try (com.fasterxml.jackson.core.JsonGenerator json = new com.fasterxml.jackson.core.JsonFactory()
                .createGenerator(new StringWriter())) {
            EvtxJson.write(record, json);
        }
    }
}
