package dev.vigil.conformance;

import dev.vigil.conformance.GoldenRecord.Hit;
import dev.vigil.conformance.GoldenRecord.RecordList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The golden file format of {@link GoldenDetectionsTest} and the differences it reports. */
class GoldenRecordTest {
    private static final GoldenRecord RECORD = new GoldenRecord("evtx/sample", 3, 120, 1, List.of(
            new Hit("rule-b", "b.evtx", 9), new Hit("rule-a", "a.evtx", 4), new Hit("rule-a", "a.evtx", 3),
            new Hit("rule-a", "z.zip!entry.json", 17), new Hit("rule-a", "a.evtx", 4)),
            Map.of("rule-a", "Rule A", "rule-b", "Rule B"));

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "7|7",
            "7 8 9|7-9",
            "7 7|7x2",
            "1 2 3 3 4 6|1-2,3x2,4,6",
            "1 2 2 3|1,2x2,3",
    })
    void recordListsWriteRunsAndRepeatsAndReadBack(String records, String text) {
        List<Long> ascending = Arrays.stream(records.split(" ")).map(Long::valueOf).toList();
        assertThat(RecordList.format(ascending)).isEqualTo(text);
        assertThat(RecordList.parse(text, "here")).isEqualTo(ascending);
    }

    @Test
    void aWrittenRecordReadsBackTheSame() {
        String text = RECORD.text(List.of("a header"));
        assertThat(text).contains("in\trule-a\ta.evtx\t3,4x2\n", "rule\trule-a\t4\tRule A\n");
        assertThat(GoldenRecord.parse("sample.tsv", text)).isEqualTo(RECORD);
        assertThat(GoldenDifference.describe(RECORD, GoldenRecord.parse("sample.tsv", text))).isEmpty();
    }

    @Test
    void aHandEditedRecordIsRejected() {
        String edited = RECORD.text(List.of()).replace("\t3,4x2\n", "\t3,4\n");
        assertThatThrownBy(() -> GoldenRecord.parse("sample.tsv", edited))
                .hasMessageContaining("sample.tsv: the 'corpus' and 'rule' lines do not agree with the 'in' lines");
    }

    @Test
    void differencesNameTheRulesAndTheDetectionsLostAndNew() {
        GoldenRecord after = new GoldenRecord("evtx/sample", 3, 119, 1, List.of(
                new Hit("rule-b", "b.evtx", 9), new Hit("rule-a", "a.evtx", 4), new Hit("rule-a", "a.evtx", 3),
                new Hit("rule-a", "a.evtx", 4), new Hit("rule-a", "z.zip!entry.json", 18)), Map.of());
        assertThat(GoldenDifference.describe(RECORD, after).lines().toList()).containsExactly(
                "events: 120 -> 119",
                "sha256 of the detections: " + RECORD.sha256() + " -> " + after.sha256(),
                "rules whose detections changed (before -> after, lost, new):",
                "  rule-a Rule A: 4 -> 4 (-1 +1)",
                "first detections lost (-) and new (+), of 1 lost and 1 new:",
                "  - rule-a\tz.zip!entry.json\t17",
                "  + rule-a\tz.zip!entry.json\t18");
    }
}
