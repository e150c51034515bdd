package dev.vigil.runtime;

import dev.vigil.engine.Detection;
import dev.vigil.engine.Detector;
import dev.vigil.event.FieldEvent;
import dev.vigil.event.Origin;
import dev.vigil.event.Value;
import dev.vigil.rules.yaml.SafeYaml;
import dev.vigil.rules.yaml.YamlException;
import dev.vigil.rules.yaml.YamlLimits;
import dev.vigil.rules.yaml.YamlNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs the test cases kept beside rules: for each {@code X.tests.yml}, every case's event (fields as the named
 * reader format emits them) must or must not make rule {@code rule} fire. Format: {@code docs/rules.md}.
 */
public final class RuleTests {

    /** One case's outcome; {@code message} says what went wrong when it failed. */
    public record Result(String file, int line, String name, boolean passed, String message) {
        @Override
        public String toString() {
            return file + ":" + line + ": " + (passed ? "ok" : "FAIL") + ": " + name + (passed ? "" : ": " + message);
        }
    }

    private final Detector detector;

    public RuleTests(Detector detector) {
        this.detector = detector;
    }

    /** Runs every {@code *.tests.yml} under the paths (files or folders). */
    public List<Result> run(List<Path> paths) throws IOException {
        List<Result> results = new ArrayList<>();
        for (Path path : paths) {
            List<Path> files;
            if (Files.isDirectory(path)) {
                try (Stream<Path> walk = Files.walk(path)) {
                    files = walk.filter(file -> file.getFileName() != null
                                    && file.getFileName().toString().endsWith(".tests.yml"))
                            .sorted(Comparator.comparing(Path::toString)).toList();
                }
            } else {
                files = List.of(path);
            }
            for (Path file : files) {
                results.addAll(runFile(file));
            }
        }
        return results;
    }

    private List<Result> runFile(Path file) throws IOException {
        String name = file.toString();
        List<Result> results = new ArrayList<>();
        YamlNode.Mapping document;
        try {
            List<YamlNode> documents = new SafeYaml(YamlLimits.RULES).parseAll(Files.readString(file, StandardCharsets.UTF_8));
            if (documents.isEmpty() || !(documents.get(0) instanceof YamlNode.Mapping mapping)) {
                return List.of(new Result(name, 1, "(file)", false, "a test file must be a map with rule, format and cases"));
            }
            document = mapping;
        } catch (YamlException e) {
            return List.of(new Result(name, e.line(), "(file)", false, e.getMessage()));
        }
        String ruleId = text(document.get("rule"));
        String format = text(document.get("format"));
        if (ruleId == null || format == null || !(document.get("cases") instanceof YamlNode.Sequence cases)) {
            return List.of(new Result(name, document.line(), "(file)", false, "needs 'rule', 'format' and a list of 'cases'"));
        }
        int index = 0;
        for (YamlNode item : cases.items()) {
            index++;
            if (!(item instanceof YamlNode.Mapping testCase) || !(testCase.get("event") instanceof YamlNode.Mapping event)) {
                results.add(new Result(name, item.line(), "case " + index, false, "a case needs 'name', 'expect' and an 'event' map"));
                continue;
            }
            String caseName = text(testCase.get("name")) == null ? "case " + index : text(testCase.get("name"));
            String expect = text(testCase.get("expect"));
            if (!"match".equals(expect) && !"no-match".equals(expect)) {
                results.add(new Result(name, testCase.line(), caseName, false, "'expect' must be match or no-match"));
                continue;
            }
            FieldEvent.Builder builder = FieldEvent.builder(new Origin(name, format, event.line()));
            for (YamlNode.Entry entry : event.entries()) {
                builder.put(entry.key().text(), value(entry.value()));
            }
            boolean fired = false;
            for (Detection detection : detector.detect(builder.build())) {
                if (ruleId.equals(detection.rule().id())) {
                    fired = true;
                }
            }
            boolean wanted = expect.equals("match");
            results.add(new Result(name, testCase.line(), caseName, fired == wanted,
                    wanted ? "rule " + ruleId + " did not fire" : "rule " + ruleId + " fired but should not"));
        }
        return results;
    }

    private static Value value(YamlNode node) {
        if (node instanceof YamlNode.Scalar scalar) {
            return switch (scalar.type()) {
                case STRING -> Value.text(scalar.text());
                case INTEGER, FLOAT -> new Value.Number(scalar.text());
                case BOOLEAN -> new Value.Bool(scalar.booleanValue());
                case NULL -> Value.Null.INSTANCE;
            };
        }
        if (node instanceof YamlNode.Sequence sequence) {
            List<Value> items = new ArrayList<>();
            for (YamlNode item : sequence.items()) {
                items.add(value(item));
            }
            return new Value.Array(items);
        }
        return Value.text("");
    }

    private static String text(YamlNode node) {
        return node instanceof YamlNode.Scalar scalar && !scalar.isNull() ? scalar.text() : null;
    }
}
