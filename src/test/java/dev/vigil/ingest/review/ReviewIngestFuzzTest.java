package dev.vigil.ingest.review;

import dev.vigil.ingest.InputFormat;
import dev.vigil.ingest.InputProblem;
import dev.vigil.ingest.Reading;
import dev.vigil.ingest.exchange.ExchangeLog;
import dev.vigil.ingest.exchange.ExchangeLogFormat;
import dev.vigil.ingest.http.HttpRequestFormat;
import dev.vigil.ingest.m365.M365AuditCsvFormat;
import dev.vigil.ingest.uls.UlsFormat;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** Review: mutated fixtures must give problems with a line inside the input, never an exception or a hang. */
class ReviewIngestFuzzTest {
    private static final byte[] INSERTS = "\"\n\r,\t{}[]#:\u00ff ".getBytes(StandardCharsets.ISO_8859_1);

    private static byte[] fixture(String name) throws IOException {
        try (InputStream input = ReviewIngestFuzzTest.class.getResourceAsStream(name)) {
            assertThat(input).as(name).isNotNull();
            return input.readAllBytes();
        }
    }

    private static void fuzz(InputFormat format, byte[] seed) {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            Random random = new Random(42);
            for (int round = 0; round < 1500; round++) {
                byte[] bytes = mutate(seed, random);
                long lines = 1;
                for (byte b : bytes) {
                    if (b == '\n' || b == '\r') {
                        lines++;
                    }
                }
                Reading.Result result;
                try {
                    result = Reading.read(format, bytes);
                } catch (RuntimeException | IOException | StackOverflowError e) {
                    throw new AssertionError(format.name() + " round " + round + ": " + e + "\n"
                            + new String(bytes, StandardCharsets.UTF_8), e);
                }
                for (InputProblem problem : result.problems()) {
                    assertThat(problem.line()).as(format.name() + " round " + round + ": " + problem).isBetween(1L, lines);
                }
            }
        });
    }

    private static byte[] mutate(byte[] seed, Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int cut = random.nextInt(10) == 0 ? random.nextInt(seed.length + 1) : seed.length;
        for (int i = 0; i < cut; i++) {
            int roll = random.nextInt(60);
            if (roll == 0) {
                out.write(INSERTS[random.nextInt(INSERTS.length)]);
                out.write(seed[i]);
            } else if (roll == 1) {
                continue;
            } else if (roll == 2) {
                out.write(random.nextInt(256));
            } else {
                out.write(seed[i]);
            }
        }
        return out.toByteArray();
    }

    @Test
    void exchangeHttpProxy() throws IOException {
        fuzz(new ExchangeLogFormat(ExchangeLog.HTTP_PROXY),
                fixture("/dev/vigil/ingest/exchange/Logging/HttpProxy/Ecp/HttpProxy_2021030302-1.LOG"));
    }

    @Test
    void exchangeEcp() throws IOException {
        fuzz(new ExchangeLogFormat(ExchangeLog.ECP), fixture("/dev/vigil/ingest/exchange/ECPServer20210303-1.LOG"));
    }

    @Test
    void exchangeOab() throws IOException {
        fuzz(new ExchangeLogFormat(ExchangeLog.OAB_GENERATOR),
                fixture("/dev/vigil/ingest/exchange/OABGeneratorLog/OABGeneratorLog_20210303-1.LOG"));
    }

    @Test
    void uls() throws IOException {
        fuzz(new UlsFormat(), fixture("/dev/vigil/ingest/uls/SP-WFE01-20250718-1400.log"));
    }

    @Test
    void m365Csv() throws IOException {
        fuzz(new M365AuditCsvFormat(), fixture("/dev/vigil/ingest/m365/ual-export-new.csv"));
        fuzz(new M365AuditCsvFormat(), fixture("/dev/vigil/ingest/m365/ual-export-old.csv"));
    }

    @Test
    void httpRequests() {
        fuzz(new HttpRequestFormat(), ("GET http://localhost:8080/tienda1/publico/anadir.jsp?id=3&nombre=Vino+Rioja HTTP/1.1\r\n"
                + "User-Agent: Mozilla/5.0 (compatible; Konqueror/3.5; Linux)\r\nHost: localhost:8080\r\n\r\n\r\n"
                + "POST http://localhost:8080/tienda1/publico/anadir.jsp HTTP/1.1\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 9\r\n\r\nid=3&b=%F1\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
    }
}
