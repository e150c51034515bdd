package dev.vigil.cli;

import dev.vigil.anomaly.request.RequestModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class AnomalyCommandTest {
    @TempDir
    Path folder;

    private Path requests(String name, int count, String idSuffix) throws IOException {
        StringBuilder text = new StringBuilder();
        for (int index = 0; index < count; index++) {
            text.append("GET http://localhost:8080/shop/item.jsp?id=").append(index % 50).append(idSuffix)
                    .append("&mode=view HTTP/1.1\r\nUser-Agent: Mozilla/5.0\r\nHost: localhost:8080\r\n\r\n\r\n");
        }
        Path file = folder.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    @Test
    void evalPrintsTheFiguresWithTheAgreedLastLine() throws IOException {
        Path train = requests("train.txt", 500, "");
        Path normal = requests("normal.txt", 100, "");
        Path anomalous = requests("anomalous.txt", 100, "'+OR+1=1--");

        CliRun run = CliRun.of("anomaly", "eval", "--train", train.toString(), "--normal", normal.toString(),
                "--anomalous", anomalous.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        String[] lines = run.out().strip().split("\n");
        assertThat(lines[0]).isEqualTo("requests: training 500, normal 100, anomalous 100");
        assertThat(lines[lines.length - 1]).isEqualTo("auc=1.0000 tpr@1%=1.0000 tpr@5%=1.0000 f1=1.0000");
    }

    @Test
    void evalWithoutRequestsInAFileIsAUserError() throws IOException {
        Path train = requests("train.txt", 10, "");
        Path empty = folder.resolve("empty.txt");
        Files.writeString(empty, "nothing here\n");

        CliRun run = CliRun.of("anomaly", "eval", "--train", train.toString(), "--normal", empty.toString(),
                "--anomalous", train.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("vigil: no web requests in the normal files").doesNotContain("Exception");
    }

    @Test
    void baselineLearnWritesAModelThatReadsBack() throws Exception {
        Path train = requests("train.txt", 200, "");
        Path model = folder.resolve("requests.model");

        CliRun run = CliRun.of("baseline", "learn", "--kind", "requests", train.toString(), "--out", model.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("learned 200 requests: 1 endpoints").contains("caps hit: none");
        try (InputStream input = Files.newInputStream(model)) {
            assertThat(RequestModel.read(input, model.toString()).requests()).isEqualTo(200);
        }
    }

    @Test
    void baselineLearnReadsIisW3cLogs() throws Exception {
        Path log = folder.resolve("u_ex250719.log");
        StringBuilder text = new StringBuilder("""
                #Software: Microsoft Internet Information Services 10.0
                #Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port c-ip cs(User-Agent) cs(Referer) sc-status
                """);
        for (int index = 0; index < 30; index++) {
            text.append("2025-07-19 10:00:").append(10 + index).append(" 10.0.0.5 GET /_layouts/15/start.aspx id=")
                    .append(index).append(" 443 192.0.2.7 Mozilla/5.0+(Windows+NT+10.0) - 200\n");
        }
        Files.writeString(log, text);
        Path model = folder.resolve("iis.model");

        CliRun run = CliRun.of("baseline", "learn", "--kind", "requests", log.toString(), "--out", model.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("learned 30 requests: 1 endpoints");
        try (InputStream input = Files.newInputStream(model)) {
            RequestModel read = RequestModel.read(input, model.toString());
            assertThat(read.explain(new dev.vigil.anomaly.request.WebRequest("POST", "/_layouts/15/ToolPane.aspx",
                    java.util.List.of(), java.util.List.of(), null)).findings())
                    .extracting(dev.vigil.anomaly.Finding::feature)
                    .containsExactlyInAnyOrder("endpoint", "header user-agent", "header set");
        }
    }

    @Test
    void baselineLearnIntoAMissingFolderIsAUserError() throws IOException {
        Path train = requests("train.txt", 10, "");
        CliRun run = CliRun.of("baseline", "learn", "--kind", "requests", train.toString(), "--out",
                folder.resolve("no/such/model").toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).startsWith("vigil: ").contains("cannot write");
    }
}
