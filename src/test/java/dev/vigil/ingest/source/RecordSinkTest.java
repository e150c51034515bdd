package dev.vigil.ingest.source;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RecordSinkTest {
    /** A sink that refuses the offers whose 0-based number is in {@code refused}. */
    private static final class Scripted implements RecordSink {
        final List<Long> taken = new ArrayList<>();
        final List<Integer> refused;
        int offers;

        Scripted(List<Integer> refused) {
            this.refused = refused;
        }

        @Override
        public boolean offer(SourceRecord record) {
            if (refused.contains(offers++)) {
                return false;
            }
            taken.add(record.position());
            return true;
        }
    }

    private static List<SourceRecord> batch() {
        return List.of(new SourceRecord("s", "json", new byte[0], 1), new SourceRecord("s", "json", new byte[0], 2),
                new SourceRecord("s", "json", new byte[0], 3));
    }

    @Test
    void aRefusedFirstRecordTakesNothing() throws InterruptedException {
        Scripted sink = new Scripted(List.of(0));
        assertThat(sink.offerAll(batch())).isFalse();
        assertThat(sink.taken).isEmpty();
    }

    @Test
    void aRefusalAfterTheFirstWaitsSoTheBatchIsNeverSplit() throws InterruptedException {
        Scripted sink = new Scripted(List.of(2, 3, 4));
        assertThat(sink.offerAll(batch())).isTrue();
        assertThat(sink.taken).containsExactly(1L, 2L, 3L);
        assertThat(sink.offers).isEqualTo(6);
    }
}
