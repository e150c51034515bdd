package dev.vigil.conformance;

import dev.vigil.engine.Detector;
import dev.vigil.engine.Placeholders;
import dev.vigil.rules.RuleLoader;
import dev.vigil.rules.RuleProblem;
import dev.vigil.rules.RuleSet;
import dev.vigil.rules.mapping.MappingLoader;
import dev.vigil.testing.SharedData;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Acceptance: SigmaHQ's repository loads as it is. */
class SigmaHqLoadTest {

    @Test
    void everyRuleOfTheMainFoldersLoadsAndCompiles() {
        RuleSet rules = SigmaHq.rules();
        Detector.Compilation compilation = SigmaHq.compilation();
        List<RuleProblem> errors = compilation.problems().stream().filter(RuleProblem::isError).toList();
        assertThat(rules.problems().stream().filter(RuleProblem::isError).toList()).isEmpty();
        assertThat(errors).isEmpty();
        assertThat(rules.rejected()).isZero();
        assertThat(rules.rules().size()).isGreaterThan(3500);
        System.out.printf("SigmaHQ: %d rules, %d correlations, %d filters loaded; %d compiled and routed, %d idle (no mapping or placeholder)%n",
                rules.rules().size(), rules.correlations().size(), rules.filters().size(), compilation.compiled(), compilation.idle());
    }

    @Test
    void placeholderRulesLoadAndRunGivenPlaceholderValues() throws Exception {
        RuleSet rules = new RuleLoader().addPath(SharedData.require("sigma/rules-placeholder")).build();
        assertThat(rules.rejected()).isZero();
        Placeholders placeholders = loadPlaceholders();
        Detector.Compilation compilation = Detector.compile(rules, MappingLoader.builtIn(), placeholders);
        assertThat(compilation.rejected()).isZero();
        assertThat(compilation.problems())
                .as("no rule may be idle for want of placeholder values")
                .noneMatch(problem -> problem.message().contains("placeholder"));
    }

    @Test
    void withoutPlaceholderValuesPlaceholderRulesAreReportedNotRun() {
        RuleSet rules = new RuleLoader().addPath(SharedData.require("sigma/rules-placeholder")).build();
        Detector.Compilation compilation = Detector.compile(rules, MappingLoader.builtIn(), Placeholders.NONE);
        assertThat(compilation.problems()).anyMatch(problem -> !problem.isError() && problem.message().contains("placeholder %"));
    }

    @Test
    void deprecatedAndUnsupportedRulesThatFailSayWhy() {
        RuleSet rules = new RuleLoader().addPath(SharedData.require("sigma/deprecated"))
                .addPath(SharedData.require("sigma/unsupported")).build();
        List<RuleProblem> errors = rules.problems().stream().filter(RuleProblem::isError).toList();
        assertThat(errors).isNotEmpty();
        for (RuleProblem error : errors) {
            assertThat(error.line()).as(error.toString()).isPositive();
            assertThat(error.message()).as(error.toString()).isNotBlank();
            assertThat(error.file()).endsWith(".yml");
        }
    }

    private static Placeholders loadPlaceholders() throws Exception {
        Path file = Path.of(SigmaHqLoadTest.class.getResource("placeholders.yml").toURI());
        return dev.vigil.runtime.RuleCatalog.loadPlaceholders(file);
    }

}
