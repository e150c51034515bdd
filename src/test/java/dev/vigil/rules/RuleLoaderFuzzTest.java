package dev.vigil.rules;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vigil.engine.Detector;
import dev.vigil.engine.Placeholders;
import dev.vigil.event.FieldEvent;
import dev.vigil.event.Origin;
import dev.vigil.event.Value;
import dev.vigil.rules.mapping.LogsourceMapping;
import dev.vigil.rules.mapping.MappingLoader;

import java.util.List;
import java.util.Map;

/**
 * Arbitrary text as a rule file: loading, compiling and detecting on one event must never throw; every problem
 * is reported as a {@link RuleProblem}. In a plain {@code mvn test} this runs once over the seed inputs in
 * {@code RuleLoaderFuzzTestInputs/}.
 */
class RuleLoaderFuzzTest {
    private static final LogsourceMapping MAPPING = MappingLoader.builtIn();
    private static final Placeholders PLACEHOLDERS = new Placeholders(Map.of("admins", List.of("alice", "b*b")));

    @FuzzTest(maxDuration = "10s")
    void ruleText(FuzzedDataProvider data) {
        String commandLine = data.consumeString(64);
        String text = data.consumeRemainingAsString();
        RuleSet ruleSet = new RuleLoader().addText("fuzz.yml", text).build();
        if (ruleSet.rules().isEmpty()) {
            return;
        }
        Detector detector = Detector.compile(ruleSet, MAPPING, PLACEHOLDERS).detector();
        FieldEvent event = FieldEvent.builder(new Origin("fuzz", "json", 1))
                .put("Event.System.EventID", new Value.Number("1"))
                .put("Event.System.Channel", "Microsoft-Windows-Sysmon/Operational")
                .put("Event.EventData.CommandLine", commandLine)
                .put("Event.EventData.DestinationIp", "10.1.2.3")
                .put("Event.EventData.UtcTime", "2025-07-19 07:28:36.123")
                .put("Event.EventData.ProcessId", new Value.Number("1234"))
                .build();
        detector.detect(event);
    }
}
