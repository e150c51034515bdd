package dev.vigil.conformance;

import dev.vigil.engine.Detector;
import dev.vigil.engine.Placeholders;
import dev.vigil.rules.RuleLoader;
import dev.vigil.rules.RuleSet;
import dev.vigil.rules.mapping.MappingLoader;
import dev.vigil.testing.SharedData;

import java.util.List;

/** SigmaHQ's rule folders, loaded and compiled once per test JVM. */
public final class SigmaHq {
    public static final List<String> RULE_FOLDERS =
            List.of("rules", "rules-emerging-threats", "rules-threat-hunting", "rules-compliance", "rules-dfir");

    private static Detector.Compilation compilation;
    private static RuleSet ruleSet;

    private SigmaHq() {
    }

    public static synchronized RuleSet rules() {
        if (ruleSet == null) {
            RuleLoader loader = new RuleLoader();
            for (String folder : RULE_FOLDERS) {
                loader.addPath(SharedData.require("sigma/" + folder));
            }
            ruleSet = loader.build();
        }
        return ruleSet;
    }

    public static synchronized Detector.Compilation compilation() {
        if (compilation == null) {
            compilation = Detector.compile(rules(), MappingLoader.builtIn(), Placeholders.NONE);
        }
        return compilation;
    }
}
