package dev.vigil.ingest.m365;

import dev.vigil.event.Event;
import dev.vigil.event.Value;
import dev.vigil.ingest.InputFormats;
import dev.vigil.ingest.Reading;
import dev.vigil.ingest.json.JsonFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class M365AuditCsvFormatTest {
    static byte[] fixture(String name) throws IOException {
        try (InputStream input = M365AuditCsvFormatTest.class.getResourceAsStream("/dev/vigil/ingest/m365/" + name)) {
            assertThat(input).as(name).isNotNull();
            return input.readAllBytes();
        }
    }

    @Test
    void flattensAuditDataOfTheNewerExport() throws IOException {
        Reading.Result result = Reading.read(new M365AuditCsvFormat(), fixture("ual-export-new.csv"));

        assertThat(result.events()).hasSize(5);
        Event inbox = result.events().get(1);
        assertThat(inbox.origin().record()).isEqualTo(3);
        assertThat(inbox.get("Operation").text()).isEqualTo("New-InboxRule");
        assertThat(inbox.get("RecordType")).isEqualTo(new Value.Number("1"));
        assertThat(inbox.get("Export.RecordType").text()).isEqualTo("ExchangeAdmin");
        assertThat(inbox.get("Export.Operation").text()).isEqualTo("New-InboxRule");
        assertThat(inbox.get("RecordId").text()).isEqualTo("8a3c1f52-6d2e-4b7a-9f10-3e5d7c2b1a90");
        assertThat(inbox.get("AssociatedAdminUnits").text()).isEmpty();
        assertThat(inbox.get("Parameters.3.Name").text()).isEqualTo("ForwardTo");
        assertThat(inbox.get("Parameters.3.Value").text()).isEqualTo("invoices.backup@proton.me");
        assertThat(inbox.get("AuditData")).isNull();
        assertThat(inbox.timestamp()).isEqualTo(Instant.parse("2025-03-11T09:41:27Z"));
        Event role = result.events().get(2);
        assertThat(role.get("ModifiedProperties.1.NewValue").text()).isEqualTo("Global Administrator");
        assertThat(role.get("Actor.0.ID").text()).isEqualTo("j.doe@northwindtraders.com");
    }

    @Test
    void keepsACutAuditDataCellAsTextAndReportsIt() throws IOException {
        Reading.Result result = Reading.read(new M365AuditCsvFormat(), fixture("ual-export-new.csv"));

        Event cut = result.events().get(4);
        assertThat(cut.origin().record()).isEqualTo(6);
        assertThat(cut.get("AuditData").text()).startsWith("{\"CreationTime\"");
        assertThat(cut.get("Operation").text()).isEqualTo("FileDownloaded");
        assertThat(cut.timestamp()).isEqualTo(Instant.parse("2025-03-11T10:15:02Z"));
        assertThat(result.problems()).hasSize(2);
        assertThat(result.problems().get(0).line()).isEqualTo(6);
        assertThat(result.problems().get(0).message()).contains("AuditData is not one JSON object");
        assertThat(result.problems().get(1).line()).isEqualTo(7);
        assertThat(result.problems().get(1).message()).contains("expected 8 columns");
    }

    @Test
    void readsTheOldExportWithUsStyleDates() throws IOException {
        Reading.Result result = Reading.read(new M365AuditCsvFormat(), fixture("ual-export-old.csv"));

        assertThat(result.problems()).isEmpty();
        assertThat(result.events()).hasSize(2);
        Event inbox = result.events().get(0);
        assertThat(inbox.get("Operations").text()).isEqualTo("New-InboxRule");
        assertThat(inbox.get("UserIds").text()).isEqualTo("j.doe@northwindtraders.com");
        assertThat(inbox.get("CreationDate").text()).isEqualTo("3/11/2025 9:41:27 AM");
        assertThat(inbox.timestamp()).isEqualTo(Instant.parse("2025-03-11T09:41:27Z"));
    }

    @Test
    void givesTheSameAuditFieldsAsTheJsonReaderOnTheManagementApiForm() throws IOException {
        Reading.Result csv = Reading.read(new M365AuditCsvFormat(), fixture("ual-export-new.csv"));
        Reading.Result json = Reading.read(new JsonFormat(), fixture("ual-activity-api.json"));

        assertThat(json.events()).hasSize(4);
        for (int index = 0; index < 4; index++) {
            Map<String, String> fromJson = Reading.Result.texts(json.events().get(index));
            Map<String, String> fromCsv = Reading.Result.texts(csv.events().get(index));
            assertThat(fromCsv).containsAllEntriesOf(fromJson);
        }
    }

    @Test
    void usesTheCreationDateWhenThereIsNoAuditData() throws IOException {
        Reading.Result result = Reading.read(new M365AuditCsvFormat(),
                "CreationDate,UserIds,Operations\n2025-03-11T10:02:13.0000000Z,a@b.c,Set-Mailbox\n");

        assertThat(result.problems()).singleElement().satisfies(problem -> assertThat(problem.message()).contains("no AuditData column"));
        assertThat(result.only().timestamp()).isEqualTo(Instant.parse("2025-03-11T10:02:13Z"));
    }

    static Stream<Arguments> sniffCases() {
        return Stream.of(
                Arguments.of("new export", "RecordId,CreationDate,RecordType,Operation,UserId,AuditData,AssociatedAdminUnits,AssociatedAdminUnitsNames\n", 90),
                Arguments.of("new export, quoted, BOM", "\uFEFF\"RecordId\",\"CreationDate\",\"RecordType\",\"Operation\",\"UserId\",\"AuditData\"\r\n", 90),
                Arguments.of("old export", "CreationDate,UserIds,Operations,AuditData\n", 90),
                Arguments.of("other CSV", "CreationDate,UserIds,Operations\n", 0),
                Arguments.of("Exchange log", "#Software: Microsoft Exchange Server\n#Fields: DateTime,AuditData\n", 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sniffCases")
    void sniffsTheHeader(String name, String head, int expected) {
        byte[] bytes = head.getBytes(StandardCharsets.UTF_8);
        assertThat(new M365AuditCsvFormat().sniff("AuditLog_2025-03-11.csv", bytes, bytes.length)).isEqualTo(expected);
    }

    @Test
    void isDetectedAmongTheStandardFormatsBeforePlainCsv() throws IOException {
        byte[] bytes = fixture("ual-export-new.csv");
        assertThat(InputFormats.standard(Clock.systemUTC()).detect("AuditLog.csv", bytes, bytes.length))
                .map(format -> format.name()).contains(M365AuditCsvFormat.NAME);
    }
}
