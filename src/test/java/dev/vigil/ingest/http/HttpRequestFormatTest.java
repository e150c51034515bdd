package dev.vigil.ingest.http;

import dev.vigil.ingest.Reading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class HttpRequestFormatTest {
    private final HttpRequestFormat format = new HttpRequestFormat();

    @Test
    void readsRequestLineHeadersAndFormBodyAsCsicWritesThem() throws IOException {
        Reading.Result result = Reading.read(format, """
                GET http://localhost:8080/tienda1/publico/anadir.jsp?id=3&nombre=Vino+Rioja HTTP/1.1\r
                User-Agent: Mozilla/5.0 (compatible; Konqueror/3.5; Linux)\r
                Host: localhost:8080\r
                \r
                \r
                POST http://localhost:8080/tienda1/publico/anadir.jsp HTTP/1.1\r
                Content-Type: application/x-www-form-urlencoded\r
                Content-Length: 9\r
                \r
                id=3&b=%F1\r
                \r
                """);

        assertThat(result.problems()).isEmpty();
        assertThat(result.events()).hasSize(2);
        assertThat(result.texts(0)).containsExactly(
                entry("http.request.method", "GET"),
                entry("url.original", "http://localhost:8080/tienda1/publico/anadir.jsp?id=3&nombre=Vino+Rioja"),
                entry("url.path", "/tienda1/publico/anadir.jsp"),
                entry("url.query", "id=3&nombre=Vino+Rioja"),
                entry("http.version", "1.1"),
                entry("http.request.header.user-agent", "Mozilla/5.0 (compatible; Konqueror/3.5; Linux)"),
                entry("http.request.header.host", "localhost:8080"));
        assertThat(result.texts(1)).containsEntry("http.request.body.content", "id=3&b=%F1")
                .containsEntry("http.request.header.content-length", "9").doesNotContainKey("url.query");
        assertThat(result.events().get(0).origin().record()).isEqualTo(1);
        assertThat(result.events().get(1).origin().record()).isEqualTo(6);
        assertThat(result.events().get(1).origin().format()).isEqualTo("http");
        assertThat(result.events().get(1).rawText()).startsWith("POST http://").contains("id=3&b=%F1");
    }

    @Test
    void reportsJunkAndHeaderLinesWithoutColonByLineAndKeepsTheRequest() throws IOException {
        Reading.Result result = Reading.read(format, """
                this is not a request
                GET /index.html HTTP/1.0
                Accept: text/html
                no colon here
                Accept: text/plain

                """);

        assertThat(result.only().get("http.request.header.accept").text()).isEqualTo("text/html, text/plain");
        assertThat(result.only().get("url.path").text()).isEqualTo("/index.html");
        assertThat(result.problems()).extracting(Object::toString).containsExactly(
                "test.log:1: not an HTTP request line, skipped",
                "test.log:4: header line without a name and colon, skipped");
    }

    @Test
    void aBodyRunsToTheNextRequestLineAndLosesTrailingBlankLines() throws IOException {
        Reading.Result result = Reading.read(format, "PUT http://h/x HTTP/1.1\n\nline one\n\nline two\n\n\n"
                + "GET http://h/y HTTP/1.1\n");

        assertThat(result.events()).hasSize(2);
        assertThat(result.texts(0)).containsEntry("http.request.body.content", "line one\n\nline two");
        assertThat(result.texts(1)).containsEntry("url.path", "/y").doesNotContainKey("http.request.body.content");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "GET http://localhost:8080/a.jsp HTTP/1.1|80",
            "POST /a HTTP/1.0|80",
            "get http://localhost/ HTTP/1.1|0",
            "GET http://localhost/ HTTP/1|0",
            "GET a b HTTP/1.1|0",
            "2021-04-01 00:00:21 10.0.0.1 GET /owa/auth.aspx - 443|0"})
    void sniffsRequestLines(String firstLine, int expected) {
        byte[] head = (firstLine + "\r\nHost: x\r\n").getBytes(StandardCharsets.UTF_8);
        assertThat(format.sniff("requests.txt", head, head.length)).isEqualTo(expected);
    }

    @Test
    void anAbsoluteUrlWithoutPathHasTheRootPath() throws IOException {
        Reading.Result result = Reading.read(format, "GET http://example.com?q=1 HTTP/1.1\n\n");
        assertThat(result.texts(0)).containsEntry("url.path", "/").containsEntry("url.query", "q=1");
    }
}
