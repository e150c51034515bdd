package dev.vigil.ingest.uls;

import dev.vigil.event.Event;
import dev.vigil.ingest.Reading;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Review: a message held for its continuation (it ends in "...") when a later header re-keys the columns (files
 * concatenated) must keep the columns it was read with; it was built with the new header's names and indexes.
 */
class UlsRekeyReviewTest {
    @Test
    void aHeldMessageKeepsTheColumnsItWasReadWith() throws IOException {
        String text = "Timestamp\tProcess\tTID\tArea\tCategory\tEventID\tLevel\tMessage\tCorrelation\n"
                + "07/18/2025 14:06:12.34\tw3wp.exe (0x2F1C)\t0x1B44\tSharePoint Foundation\tGeneral\tab12\tMedium\tfirst part...\tc-1\n"
                + "Timestamp\tMessage\tLevel\tProcess\tTID\n"
                + "07/18/2025 14:07:00.00\tsecond file\tHigh\towstimer.exe (0x1)\t0x2\n";
        Reading.Result result = Reading.read(new UlsFormat(), text);
        Event held = result.events().stream().filter(event -> event.origin().record() == 2).findFirst().orElseThrow();
        assertThat(Reading.Result.texts(held))
                .containsEntry("Message", "first part")
                .containsEntry("Level", "Medium")
                .containsEntry("Process", "w3wp.exe (0x2F1C)")
                .containsEntry("Correlation", "c-1");
    }
}
