package dev.vigil.ingest.json;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The name cache's bound holds for the predictions the scanner links from the root too. */
class FieldNamesTest {
    @Test
    void emptyingAFullCacheDropsThePredictionsFromTheRoot() throws MalformedJsonException {
        FieldNames names = new FieldNames();
        FieldNames.Name root = names.root();
        FieldNames.Name previous = null;
        for (int i = 0; i <= FieldNames.MAX_ENTRIES; i++) {
            byte[] bytes = ("n" + i).getBytes(StandardCharsets.US_ASCII);
            int hash = 0;
            for (byte b : bytes) {
                hash = 31 * hash + b;
            }
            FieldNames.Name name = names.member(root, bytes, 0, bytes.length, 0, hash);
            if (previous == null) {
                root.firstMember = name; // as the scanner links the members of a line
            } else {
                previous.following = name;
            }
            previous = name;
        }
        names.startLine(); // full: emptied
        assertThat(root.firstMember).as("nothing made before is reachable from the root").isNull();
        byte[] again = "n0".getBytes(StandardCharsets.US_ASCII);
        FieldNames.Name made = names.member(root, again, 0, again.length, 0, 31 * 'n' + '0');
        assertThat(made.name).isEqualTo("n0");
        names.startLine(); // not full: kept
        assertThat(names.member(root, again, 0, again.length, 0, 31 * 'n' + '0')).isSameAs(made);
    }
}
