package dev.vigil.examples;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.vigil.cli.CliRun;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One detection of a hunt over an example: its file (relative to the example), line, rule, level, reader format and
 * the playbook it names ({@code null} when none).
 */
record Hunted(String file, long line, String ruleId, String level, String format, String playbook) {
    private static final JsonFactory JSON = new JsonFactory();

    /**
     * Runs {@code vigil hunt examples/<example> --format jsonl} with the extra arguments, as a user would, and reads the
     * detections back; the hunt must succeed.
     */
    static List<Hunted> hunt(String example, Path output, String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of("hunt", "examples/" + example, "--format", "jsonl", "--output", output.toString()));
        command.addAll(List.of(arguments));
        CliRun run = CliRun.of(command.toArray(new String[0]));
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err()).as("every file of the example reads cleanly").doesNotContain("input problems");
        Path root = Path.of("examples", example).toAbsolutePath().normalize();
        List<Hunted> found = new ArrayList<>();
        for (String line : Files.readAllLines(output, StandardCharsets.UTF_8)) {
            Map<String, String> detection = topLevelScalars(line);
            Path file = Path.of(detection.get("source_file")).toAbsolutePath().normalize();
            found.add(new Hunted(root.relativize(file).toString().replace('\\', '/'), Long.parseLong(detection.get("record")),
                    detection.get("rule_id"), detection.get("level"), detection.get("source_format"),
                    detection.get("playbook")));
        }
        return found;
    }

    /** The scalar members of one JSONL detection (nested objects such as the event are skipped). */
    private static Map<String, String> topLevelScalars(String line) throws IOException {
        Map<String, String> scalars = new HashMap<>();
        try (JsonParser parser = JSON.createParser(line)) {
            assertThat(parser.nextToken()).isEqualTo(JsonToken.START_OBJECT);
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value.isScalarValue()) {
                    scalars.put(name, parser.getText());
                } else {
                    parser.skipChildren();
                }
            }
        }
        return scalars;
    }
}
