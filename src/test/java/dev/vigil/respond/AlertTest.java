package dev.vigil.respond;

import dev.vigil.event.Event;
import dev.vigil.ingest.EventReader;
import dev.vigil.ingest.json.JsonFormat;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AlertTest {
    @Test
    void theIdIsStableAndDependsOnTheEventAndTheGroup() {
        assertThat(Alerts.alert(1).id()).isEqualTo(Alerts.alert(1).id()).hasSize(32).matches("[0-9a-f]+");
        assertThat(Alerts.alert(1).id()).isNotEqualTo(Alerts.alert(2).id());
        assertThat(Alert.of(Alerts.detection(1), Map.of("user", "a")).id())
                .isNotEqualTo(Alert.of(Alerts.detection(1), Map.of("user", "b")).id())
                .isNotEqualTo(Alert.of(Alerts.detection(1)).id());
    }

    @Test
    void jsonIsOneLineWithTheHuntFieldsTheIdAndTheGroup() throws Exception {
        Alert alert = Alerts.alert(7);
        byte[] json = AlertJson.toJson(alert);
        assertThat(json).doesNotContain((byte) '\n');
        Event read;
        try (EventReader reader = new JsonFormat().open(new ByteArrayInputStream(json), "alert", problem -> {
            throw new AssertionError(problem.toString());
        })) {
            read = reader.next();
        }
        Map<String, String> fields = new java.util.TreeMap<>();
        read.forEachField((name, value) -> fields.put(name, String.valueOf(value)));
        assertThat(new ArrayList<>(fields.keySet())).contains("alert_id", "timestamp", "rule_id", "rule_title", "level",
                "source_file", "source_format", "record", "event.EventID", "event.TargetUserName", "group_by.TargetUserName");
        assertThat(read.get("alert_id").toString()).contains(alert.id());
        assertThat(read.get("level").toString()).contains("high");
        assertThat(read.get("event.TargetUserName").toString()).contains("admin\nx");
        assertThat(read.get("record").toString()).contains("7");
    }
}
