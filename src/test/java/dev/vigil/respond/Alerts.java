package dev.vigil.respond;

import dev.vigil.engine.Detection;
import dev.vigil.event.FieldEvent;
import dev.vigil.event.Origin;
import dev.vigil.rules.RuleLoader;
import dev.vigil.rules.SigmaRule;

import java.time.Instant;
import java.util.Map;

/** Alerts for tests: one rule, events that differ by record number. */
final class Alerts {
    static final SigmaRule RULE = new RuleLoader().addText("rule.yml", """
            title: Failed logon "burst" ]
            id: 5f1c2d3e-0000-4000-8000-000000000001
            level: high
            tags: [attack.credential_access, attack.t1110]
            logsource: {product: windows, service: security}
            detection:
              selection: {EventID: 4625}
              condition: selection
            """).build().rules().get(0);

    private Alerts() {
    }

    static Detection detection(long record) {
        FieldEvent event = FieldEvent.builder(new Origin("Security.evtx", "evtx", record))
                .put("EventID", "4625").put("TargetUserName", "admin\nx").build();
        return new Detection(RULE, event, Instant.parse("2024-05-01T10:00:00Z").plusSeconds(record));
    }

    static Alert alert(long record) {
        return Alert.of(detection(record), Map.of("TargetUserName", "admin", "bad name=\"x\"]", "v\"]"));
    }
}
