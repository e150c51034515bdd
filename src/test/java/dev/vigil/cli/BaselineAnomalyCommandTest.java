package dev.vigil.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The request and rate models as alerts: {@code baseline requests} and {@code baseline rates} over IIS W3C logs. */
class BaselineAnomalyCommandTest {
    private static final String FIELDS = "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip"
            + " cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken";

    private static String line(Instant time, String stem, String query, String client, int status) {
        String stamp = time.toString();
        return stamp.substring(0, 10) + " " + stamp.substring(11, 19) + " 10.0.0.5 GET " + stem + " " + query
                + " 443 - " + client + " Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64) - " + status + " 0 0 15";
    }

    private static Path log(Path directory, String name, List<String> lines) throws Exception {
        List<String> all = new ArrayList<>(List.of("#Software: Microsoft Internet Information Services 10.0", "#Version: 1.0", FIELDS));
        all.addAll(lines);
        Path file = directory.resolve(name);
        Files.write(file, all, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void aRequestUnlikeItsEndpointIsReportedWithWhatIsNormal(@TempDir Path directory) throws Exception {
        Instant start = Instant.parse("2025-07-01T08:00:00Z");
        List<String> normal = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            normal.add(line(start.plusSeconds(i * 30L), "/orders/view.aspx", "id=" + (1000 + i % 97) + "&tab=" + (i % 2 == 0 ? "items" : "history"),
                    "10.0.1." + (i % 20), 200));
        }
        Path training = log(directory, "u_ex250701.log", normal);
        Path model = directory.resolve("web.requests");
        CliRun learn = CliRun.of("baseline", "learn", "--kind", "requests", "--out", model.toString(), training.toString());
        assertThat(learn.exit()).as(learn.err()).isZero();
        assertThat(learn.out()).contains("learned 400 requests").contains("alert threshold ");

        Instant later = Instant.parse("2025-07-02T09:00:00Z");
        Path today = log(directory, "u_ex250702.log", List.of(
                line(later, "/orders/view.aspx", "id=1005&tab=items", "10.0.1.3", 200),
                line(later.plusSeconds(5), "/orders/view.aspx", "id=1005'+OR+'1'='1&tab=items", "203.0.113.9", 200)));
        Path output = directory.resolve("requests.jsonl");
        CliRun run = CliRun.of("baseline", "requests", "--model", model.toString(), "--format", "jsonl", "-o", output.toString(),
                today.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        List<String> reports = Files.readAllLines(output, StandardCharsets.UTF_8);
        assertThat(reports).singleElement().satisfies(report -> assertThat(report)
                .contains("\"rule_id\":\"vigil-baseline-request\"").contains("\"vigil.anomaly.request\"")
                .contains("\"record\":5").contains("id").contains("normal"));
        assertThat(run.err()).contains("2 web requests scored, 1 above");
    }

    @Test
    void aBurstFarOutsideAClientsHistoryIsReportedAndTheStateIsSaved(@TempDir Path directory) throws Exception {
        Instant start = Instant.parse("2025-07-01T00:00:00Z");
        List<String> lines = new ArrayList<>();
        for (int minute = 0; minute < 400; minute++) {
            for (int i = 0; i < 3 + minute % 3; i++) {
                lines.add(line(start.plusSeconds(minute * 60L + i), "/default.aspx", "-", "10.0.1.7", 200));
            }
        }
        Instant burst = start.plusSeconds(400 * 60L);
        for (int i = 0; i < 600; i++) {
            lines.add(line(burst.plusMillis(i * 90L), "/login.aspx", "-", "10.0.1.7", 401));
        }
        lines.add(line(burst.plusSeconds(120), "/default.aspx", "-", "10.0.1.7", 200));
        Path file = log(directory, "u_ex250701.log", lines);
        Path output = directory.resolve("rates.jsonl");
        Path state = directory.resolve("rates.state");
        CliRun run = CliRun.of("baseline", "rates", "--state", state.toString(), "--format", "jsonl", "-o", output.toString(),
                file.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        List<String> reports = Files.readAllLines(output, StandardCharsets.UTF_8);
        assertThat(reports).anySatisfy(report -> assertThat(report).contains("\"rule_id\":\"vigil-baseline-rate\"")
                .contains("requests c-ip=10.0.1.7").contains("\"vigil.anomaly.rate\"").contains("usually"));
        // only the burst's minute: the quiet minute after it is the input's last, which is not scored
        assertThat(reports).allSatisfy(report -> assertThat(report).contains("\"timestamp\":\"" + burst + "\""));
        assertThat(run.err()).contains("3 reported"); // requests and 4xx of the client, requests of the server
        assertThat(Files.size(state)).isPositive();
        // learning the same history with 'baseline learn --kind rates' gives a state that 'baseline rates' goes on from
        Path learned = directory.resolve("learned.state");
        CliRun learn = CliRun.of("baseline", "learn", "--kind", "rates", "--out", learned.toString(), file.toString());
        assertThat(learn.exit()).as(learn.err()).isZero();
        assertThat(learn.err()).contains("per-minute points learned for 7 entities");
        assertThat(Files.size(learned)).isPositive();
        CliRun again = CliRun.of("baseline", "rates", "--state", state.toString(), "--format", "jsonl", file.toString());
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(again.err()).contains("0 per-minute points scored").contains(" 0 reported").contains("2406 points not newer than the saved state skipped");
    }
}
