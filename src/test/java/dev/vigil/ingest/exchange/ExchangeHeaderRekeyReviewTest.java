package dev.vigil.ingest.exchange;

import dev.vigil.ingest.Reading;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Review: a header row written without '#' is "taken as the field list too", but only when no list is in force: a
 * later one (files concatenated, a new version's columns) was read as data or its rows keyed by the old names.
 */
class ExchangeHeaderRekeyReviewTest {
    @Test
    void aLaterHeaderRowReKeysTheColumns() throws IOException {
        String text = "DateTime,ServerHostName,Message\n"
                + "2021-03-03T02:00:00Z,EXCH01,first\n"
                + "DateTime,Message,ServerHostName\n"
                + "2021-03-03T03:00:00Z,second,EXCH02\n";
        Reading.Result result = Reading.read(new ExchangeLogFormat(ExchangeLog.ECP), text);
        assertThat(result.events()).hasSize(2);
        assertThat(result.texts(1)).containsEntry("Message", "second").containsEntry("ServerHostName", "EXCH02");
    }

    @Test
    void aRepeatedHeaderRowWithPaddingIsNotAnEvent() throws IOException {
        String text = "DateTime, ServerHostName, Message\n"
                + "2021-03-03T02:00:00Z,EXCH01,first\n"
                + "DateTime, ServerHostName, Message\n"
                + "2021-03-03T03:00:00Z,EXCH02,second\n";
        Reading.Result result = Reading.read(new ExchangeLogFormat(ExchangeLog.ECP), text);
        assertThat(result.events()).hasSize(2);
        assertThat(result.problems()).isEmpty();
    }
}
