package dev.vigil.conformance;

import dev.vigil.engine.Detector;
import dev.vigil.engine.Placeholders;
import dev.vigil.rules.RuleLoader;
import dev.vigil.rules.RuleSet;
import dev.vigil.rules.mapping.MappingLoader;
import dev.vigil.runtime.RuleCatalog;
import dev.vigil.testing.SharedData;

import java.util.List;
import java.util.stream.Stream;

/**
 * SigmaHQ's rule folders, loaded once per test JVM and compiled once on their own and once beside the built-in
 * pack (what {@code vigil hunt --rules …} runs).
 */
public final class SigmaHq {
    public static final List<String> RULE_FOLDERS =
            List.of("rules", "rules-emerging-threats", "rules-threat-hunting", "rules-compliance", "rules-dfir");

    private static Detector.Compilation compilation;
    private static RuleSet ruleSet;
    private static Detector.Compilation withBuiltIn;

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

    /**
     * The built-in pack and SigmaHQ's rules compiled together, as {@link RuleCatalog#load} would with the SigmaHQ
     * folders as rule paths (built-in rules first, the built-in mapping, no placeholders), reusing the loaded rules.
     */
    public static synchronized Detector.Compilation withBuiltInPack() {
        if (withBuiltIn == null) {
            RuleSet builtIn;
            try {
                builtIn = new RuleLoader().addPath(RuleCatalog.builtInRoot()).build();
            } catch (RuleCatalog.CatalogException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
            RuleSet sigmaHq = rules();
            RuleSet both = new RuleSet(concat(builtIn.rules(), sigmaHq.rules()),
                    concat(builtIn.correlations(), sigmaHq.correlations()), concat(builtIn.filters(), sigmaHq.filters()),
                    concat(builtIn.problems(), sigmaHq.problems()), builtIn.rejected() + sigmaHq.rejected());
            withBuiltIn = Detector.compile(both, MappingLoader.builtIn(), Placeholders.NONE);
        }
        return withBuiltIn;
    }

    private static <T> List<T> concat(List<T> first, List<T> second) {
        return Stream.concat(first.stream(), second.stream()).toList();
    }
}
