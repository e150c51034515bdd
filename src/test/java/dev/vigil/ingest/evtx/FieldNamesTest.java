package dev.vigil.ingest.evtx;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared name lists of layouts ({@link FieldNames}): one instance for the same names in the same order, another
 * for another order, and a table that stays within its bound whatever the input.
 */
class FieldNamesTest {
    @Test
    void theSameNamesInOrderShareOneInstance() {
        FieldNames first = FieldNames.of(new String[] {"Channel", "EventID", "Image"});
        FieldNames again = FieldNames.of(new String[] {new String("Channel"), "EventID", "Image"});
        FieldNames reordered = FieldNames.of(new String[] {"EventID", "Channel", "Image"});
        assertThat(again).isSameAs(first);
        assertThat(reordered).isNotSameAs(first);
        assertThat(first.indexOf("EventID")).isEqualTo(1);
        assertThat(reordered.indexOf("EventID")).isZero();
        assertThat(reordered.indexOf("Missing")).isEqualTo(-1);
        assertThat(first.anySpace).isFalse();
        assertThat(FieldNames.of(new String[] {"Threat Name"}).anySpace).isTrue();
    }

    @Test
    void aLongNameListIsItsLayoutsAloneAndNoKey() {
        String[] names = new String[40];
        for (int i = 0; i < names.length; i++) {
            names[i] = "N".repeat(FieldNames.MAX_SHARED_CHARS / 32) + i;
        }
        FieldNames first = FieldNames.of(names);
        FieldNames again = FieldNames.of(names.clone());
        assertThat(first.shared).isFalse();
        assertThat(again).isNotSameAs(first);
        assertThat(first.indexOf(names[39])).isEqualTo(39);
        assertThat(FieldNames.of(new String[] {"Channel", "EventID"}).shared).isTrue();
    }

    @Test
    void theTableStaysWithinItsBound() {
        for (int i = 0; i < 3 * FieldNames.MAX_INTERNED; i++) {
            FieldNames names = FieldNames.of(new String[] {"Name" + i, "EventID"});
            assertThat(names.indexOf("Name" + i)).isZero();
            assertThat(names.indexOf("EventID")).isEqualTo(1);
            assertThat(FieldNames.interned()).isBetween(1, FieldNames.MAX_INTERNED);
        }
    }
}
