package dev.vigil.ingest.m365;

import dev.vigil.ingest.Reading;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Review: audit exports are often concatenated (the portal exports in chunks); the second chunk's header row was
 * read as a record: an event whose fields are the column names, and an "AuditData is not one JSON object" problem.
 */
class M365RepeatedHeaderReviewTest {
    @Test
    void aRepeatedHeaderRowIsNotARecord() throws IOException {
        String export;
        try (InputStream input = getClass().getResourceAsStream("/dev/vigil/ingest/m365/ual-export-new.csv")) {
            export = new String(input.readAllBytes(), StandardCharsets.UTF_8);
        }
        Reading.Result once = Reading.read(new M365AuditCsvFormat(), export);
        Reading.Result twice = Reading.read(new M365AuditCsvFormat(), export + (export.endsWith("\n") ? "" : "\n") + export);
        assertThat(twice.events()).hasSize(2 * once.events().size());
        assertThat(twice.problems()).hasSize(2 * once.problems().size());
    }
}
