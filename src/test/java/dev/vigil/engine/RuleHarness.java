package dev.vigil.engine;

import dev.vigil.event.FieldEvent;
import dev.vigil.event.Origin;
import dev.vigil.event.Value;
import dev.vigil.rules.RuleLoader;
import dev.vigil.rules.RuleProblem;
import dev.vigil.rules.RuleSet;
import dev.vigil.rules.mapping.MappingLoader;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Loads one Sysmon process_creation rule and runs it on Sysmon EID 1 events in evtx_dump JSON shape. */
final class RuleHarness {
    private RuleHarness() {
    }

    /** Rule text: the detection lines are placed under {@code detection:} with four spaces of indent already given. */
    static String rule(String detectionLines) {
        return """
                title: harness
                id: 6a1b2c3d-0000-4000-8000-000000000001
                status: test
                level: low
                logsource:
                  product: windows
                  category: process_creation
                detection:
                """ + detectionLines + "\n";
    }

    /** A rule with one search {@code sel} holding {@code key: yamlValue}. */
    static String fieldRule(String key, String yamlValue) {
        return rule("  sel:\n    " + key + ": " + yamlValue + "\n  condition: sel");
    }

    record Outcome(RuleSet ruleSet, Detector.Compilation compilation) {
        List<RuleProblem> problems() {
            List<RuleProblem> all = new ArrayList<>(ruleSet.problems());
            if (compilation != null) {
                all.addAll(compilation.problems());
            }
            return all;
        }

        List<RuleProblem> errors() {
            return problems().stream().filter(RuleProblem::isError).toList();
        }

        boolean runs() {
            return compilation != null && compilation.detector().ruleCount() == 1;
        }

        boolean matches(FieldEvent event) {
            return !compilation.detector().detect(event).isEmpty();
        }
    }

    static Outcome load(String ruleText, Placeholders placeholders) {
        RuleSet ruleSet = new RuleLoader().addText("rule.yml", ruleText).build();
        if (ruleSet.rules().isEmpty()) {
            return new Outcome(ruleSet, null);
        }
        return new Outcome(ruleSet, Detector.compile(ruleSet, MappingLoader.builtIn(), placeholders));
    }

    static Outcome load(String ruleText) {
        return load(ruleText, Placeholders.NONE);
    }

    /** A Sysmon EID 1 event with the given EventData fields; a {@code String} becomes text, a {@link Value} is kept. */
    static FieldEvent sysmon(Map<String, ?> eventData) {
        FieldEvent.Builder builder = FieldEvent.builder(new Origin("test", "json", 1))
                .put("Event.System.EventID", new Value.Number("1"))
                .put("Event.System.Channel", "Microsoft-Windows-Sysmon/Operational");
        eventData.forEach((name, value) -> {
            if (value instanceof Value typed) {
                builder.put("Event.EventData." + name, typed);
            } else {
                builder.put("Event.EventData." + name, (String) value);
            }
        });
        return builder.build();
    }
}
