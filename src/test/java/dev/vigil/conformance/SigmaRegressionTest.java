package dev.vigil.conformance;

import dev.vigil.engine.Detection;
import dev.vigil.engine.Detector;
import dev.vigil.event.Event;
import dev.vigil.ingest.EventReader;
import dev.vigil.ingest.InputFiles;
import dev.vigil.ingest.InputFormats;
import dev.vigil.rules.yaml.SafeYaml;
import dev.vigil.rules.yaml.YamlLimits;
import dev.vigil.rules.yaml.YamlNode;
import dev.vigil.testing.SharedData;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SigmaHQ's own regression cases: for every {@code info.yml}, hunting its {@code .evtx} file, and apart from that
 * its evtx_dump-style {@code .json} twin, with every SigmaHQ rule must yield at least {@code match_count}
 * detections (1 when none is given) of the rule it names.
 */
class SigmaRegressionTest {

    record Case(Path info, String ruleId, int expected, Path file) {
    }

    @Test
    void everyRegressionCaseDetectsItsRuleInTheEvtxFile() throws Exception {
        runCases(".evtx");
    }

    @Test
    void everyRegressionCaseDetectsItsRuleInTheJsonTwin() throws Exception {
        runCases(".json");
    }

    private static void runCases(String extension) throws Exception {
        Path root = SharedData.require("sigma/regression_data");
        Detector detector = SigmaHq.compilation().detector();
        List<Case> cases = cases(root, extension);
        assertThat(cases).hasSizeGreaterThanOrEqualTo(200);
        List<String> failures = new ArrayList<>();
        InputFiles files = new InputFiles(InputFormats.standard(Clock.systemUTC()), problem -> failures.add("input: " + problem));
        for (Case testCase : cases) {
            int found = 0;
            try (EventReader reader = files.open(testCase.file())) {
                Event event;
                while ((event = reader.next()) != null) {
                    for (Detection detection : detector.detect(event)) {
                        if (testCase.ruleId().equals(detection.rule().id())) {
                            found++;
                        }
                    }
                }
            }
            if (found < testCase.expected()) {
                failures.add(root.relativize(testCase.info()) + ": rule " + testCase.ruleId() + " matched " + found
                        + " times, expected at least " + testCase.expected());
            }
        }
        System.out.printf("SigmaHQ regression cases (%s): %d, passed: %d%n", extension, cases.size(),
                cases.size() - failures.size());
        assertThat(failures).as("failed regression cases").isEmpty();
    }

    static List<Case> cases(Path root, String extension) throws Exception {
        List<Path> infos;
        try (Stream<Path> walk = Files.walk(root)) {
            infos = walk.filter(path -> path.getFileName().toString().equals("info.yml")).sorted().toList();
        }
        List<Case> cases = new ArrayList<>();
        SafeYaml yaml = new SafeYaml(YamlLimits.RULES);
        for (Path info : infos) {
            YamlNode.Mapping document = (YamlNode.Mapping) yaml.parseAll(Files.readString(info, StandardCharsets.UTF_8)).get(0);
            YamlNode.Sequence metadata = (YamlNode.Sequence) document.get("rule_metadata");
            String ruleId = ((YamlNode.Scalar) ((YamlNode.Mapping) metadata.items().get(0)).get("id")).text();
            int expected = 1;
            YamlNode tests = document.get("regression_tests_info");
            if (tests instanceof YamlNode.Sequence list && !list.items().isEmpty()
                    && ((YamlNode.Mapping) list.items().get(0)).get("match_count") instanceof YamlNode.Scalar count) {
                expected = Integer.parseInt(count.text());
            }
            try (Stream<Path> siblings = Files.list(info.getParent())) {
                for (Path file : siblings.filter(path -> path.toString().endsWith(extension)).sorted().toList()) {
                    cases.add(new Case(info, ruleId, expected, file));
                }
            }
        }
        return cases;
    }
}
