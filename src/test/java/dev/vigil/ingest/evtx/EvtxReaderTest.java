package dev.vigil.ingest.evtx;

import dev.vigil.event.Event;
import dev.vigil.event.Value;
import dev.vigil.ingest.InputFiles;
import dev.vigil.ingest.InputFormats;
import dev.vigil.ingest.InputPart;
import dev.vigil.ingest.InputProblem;
import dev.vigil.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EvtxReaderTest {
    private static final String SYSMON = "evtx/attack-samples/Execution/Exec_sysmon_meterpreter_reversetcp_msipackage.evtx";

    @TempDir
    Path directory;

    @Test
    void aSysmonRecordHasItsSystemAndEventDataFieldsUnderSigmaNames() throws IOException {
        Path file = SharedData.require(SYSMON);
        EvtxFiles.Read read = EvtxFiles.read(file, false);

        assertThat(read.problems()).isEmpty();
        assertThat(read.events()).hasSize(8);
        Event first = read.events().get(0);
        assertThat(first.get("EventID")).isEqualTo(new Value.Number("2"));
        assertThat(first.get("Channel").text()).isEqualTo("Microsoft-Windows-Sysmon/Operational");
        assertThat(first.get("Provider_Name").text()).isEqualTo("Microsoft-Windows-Sysmon");
        assertThat(first.get("Provider_Guid").text()).isEqualTo("{5770385F-C22A-43E0-BF4C-06F5698FFBD9}");
        assertThat(first.get("Keywords").text()).isEqualTo("0x8000000000000000");
        assertThat(first.get("Execution_ProcessID")).isEqualTo(new Value.Number("1936"));
        assertThat(first.get("Security_UserID").text()).isEqualTo("S-1-5-18");
        assertThat(first.get("Computer").text()).isEqualTo("IEWIN7");
        assertThat(first.get("EventRecordID").text()).isEqualTo("10147");
        assertThat(first.get("Image").text()).isEqualTo("C:\\Windows\\System32\\msiexec.exe");
        assertThat(first.get("TargetFilename").text()).isEqualTo("C:\\Users\\IEUser\\AppData\\Local\\Temp\\302a23.msi");
        assertThat(first.get("ProcessGuid").text()).isEqualTo("{365ABB72-D0DA-5CC8-0000-00109B5A3C00}");
        assertThat(first.get("RuleName").text()).isEmpty();
        assertThat(first.get("Correlation_ActivityID")).as("a NULL value is no field").isNull();
        assertThat(first.get("NoSuchField")).isNull();
        assertThat(first.timestamp()).isEqualTo(Instant.parse("2019-04-30T22:48:58.901476Z"));
        // The file's own record number (this file was exported, which renumbers records but keeps EventRecordID).
        assertThat(first.origin().record()).isEqualTo(1);
        assertThat(first.origin().format()).isEqualTo("evtx");

        Event second = read.events().get(1);
        assertThat(second.get("EventID").text()).isEqualTo("1");
        assertThat(second.get("LogonId").text()).isEqualTo("0x3e7");
        assertThat(second.get("ParentImage").text()).isEqualTo("C:\\Windows\\System32\\services.exe");
    }

    @Test
    void fieldsVisitedInOrderAreTheFieldsLookedUp() throws IOException {
        Event event = EvtxFiles.read(SharedData.require(SYSMON), false).events().get(1);
        List<String> names = new ArrayList<>();
        event.forEachField((name, value) -> {
            names.add(name);
            assertThat(event.get(name)).isEqualTo(value);
        });
        assertThat(names).startsWith("Provider_Name", "Provider_Guid", "EventID").contains("CommandLine", "Hashes");
    }

    @Test
    void readingInChunkRangesGivesTheSameRecordsAsReadingTheWholeFile() throws IOException {
        Path file = largestUnder(SharedData.require("evtx"));
        List<Event> whole = EvtxFiles.read(file, false).events();
        List<InputProblem> problems = new ArrayList<>();
        List<Event> parts = new ArrayList<>();
        List<InputPart> split = EvtxFile.split(file, file.toString(), 1, false, problems::add);
        assertThat(split).hasSizeGreaterThan(3);
        for (InputPart part : split) {
            parts.addAll(EvtxFiles.drain(part.open()));
        }
        assertThat(problems).isEmpty();
        assertThat(parts).hasSameSizeAs(whole);
        for (int i = 0; i < whole.size(); i++) {
            assertThat(parts.get(i).origin().record()).isEqualTo(whole.get(i).origin().record());
            assertThat(EvtxFiles.fields(parts.get(i))).isEqualTo(EvtxFiles.fields(whole.get(i)));
        }
    }

    @Test
    void aFolderOfEventLogsIsReadLikeACopiedWinevtLogsFolder() throws IOException {
        Path logs = Files.createDirectories(directory.resolve("winevt/Logs"));
        Path source = SharedData.require(SYSMON);
        Files.copy(source, logs.resolve("Microsoft-Windows-Sysmon%4Operational.evtx"));
        Files.copy(source, logs.resolve("Copy.EVTX"));
        List<InputProblem> problems = new ArrayList<>();
        InputFiles files = new InputFiles(InputFormats.standard(Clock.systemUTC()), problems::add);

        List<Event> events = EvtxFiles.drain(files.openAll(List.of(directory)));

        assertThat(problems).isEmpty();
        assertThat(events).hasSize(16).allSatisfy(event -> assertThat(event.origin().format()).isEqualTo("evtx"));
    }

    @Test
    void aTruncatedChunkIsReportedWithFileAndChunkAndCarvingRecoversItsRecords() throws IOException {
        Path file = SharedData.require("evtx/plaso/test_data/evtx/System2.evtx");

        EvtxFiles.Read plain = EvtxFiles.read(file, false);
        EvtxFiles.Read carved = EvtxFiles.read(file, true);

        assertThat(plain.events()).hasSize(194);
        assertThat(plain.problems()).allSatisfy(problem -> assertThat(problem.source()).isEqualTo(file.toString()))
                .extracting(InputProblem::message).containsExactly(
                        "chunk 2: truncated, its records run past the end of the file; its records are skipped "
                                + "(--carve recovers what it can)",
                        "file is truncated: its header lists 96 chunks but only 3 are present");
        assertThat(carved.events().size()).isGreaterThan(plain.events().size());
        assertThat(carved.events().subList(0, 194)).extracting(event -> event.origin().record())
                .isEqualTo(plain.events().stream().map(event -> event.origin().record()).toList());
    }

    @Test
    void aFileCopiedFromALiveSystemWithAStaleHeaderIsReadWholeAndReported() throws IOException {
        Path source = SharedData.require("evtx/hayabusa/DeepBlueCLI/many-events-application.evtx");
        int records = EvtxFiles.read(source, false).events().size();
        byte[] stale = dev.vigil.testing.EvtxDamage.variants(Files.readAllBytes(source)).stream()
                .filter(variant -> variant.name().equals("file-header-dirty-with-stale-counts"))
                .findFirst().orElseThrow().bytes();
        Path copy = directory.resolve("Application.evtx");
        Files.write(copy, stale);

        EvtxFiles.Read read = EvtxFiles.read(copy, false);
        List<InputProblem> problems = new ArrayList<>();
        List<Event> inParts = new ArrayList<>();
        for (InputPart part : EvtxFile.split(copy, copy.toString(), 4, false, problems::add)) {
            inParts.addAll(EvtxFiles.drain(part.open()));
        }

        assertThat(read.events()).hasSize(records);
        assertThat(inParts).hasSize(records);
        String expected = "file header is out of date \\(the file was not closed cleanly, as when copied from a running "
                + "system\\): it lists \\d+ chunks but more hold records; all were read";
        assertThat(read.problems()).singleElement().extracting(InputProblem::message).asString().matches(expected);
        assertThat(problems).singleElement().extracting(InputProblem::message).asString().matches(expected);
    }

    @Test
    void aCompressedEventLogIsReadWholeEvenWhenTheFormatIsForced() throws IOException {
        Path source = SharedData.require(SYSMON);
        Path gzipped = directory.resolve("Sysmon.evtx.gz");
        try (java.io.OutputStream out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gzipped))) {
            Files.copy(source, out);
        }
        List<InputProblem> problems = new ArrayList<>();
        InputFiles files = new InputFiles(InputFormats.standard(Clock.systemUTC()), problems::add);

        List<Event> events = new ArrayList<>();
        for (InputPart part : files.parts(gzipped, new EvtxFormat(false))) {
            events.addAll(EvtxFiles.drain(part.open()));
        }

        assertThat(problems).isEmpty();
        assertThat(events).hasSize(8);
        assertThat(events.get(0).get("Image").text()).isEqualTo("C:\\Windows\\System32\\msiexec.exe");
    }

    static Path largestUnder(Path root) throws IOException {
        Path largest = null;
        long size = -1;
        for (Path file : EvtxFiles.under(root)) {
            if (Files.size(file) > size) {
                size = Files.size(file);
                largest = file;
            }
        }
        return largest;
    }
}
