package dev.vigil.testing;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shared test corpus (real logs others wrote) for tests that read it.
 *
 * <p>The corpus folder is the system property {@code vigil.shared.data}, or {@code ../shared/data} from the working
 * directory. When a path is missing, the test is skipped with a message naming it, unless the environment variable
 * {@code VIGIL_REQUIRE_CORPUS} is {@code 1}, in which case it fails: CI sets it so that a corpus that went missing
 * cannot turn real-data tests into silent skips.
 */
public final class SharedData {
    public static final String PROPERTY = "vigil.shared.data";
    public static final String REQUIRE_VARIABLE = "VIGIL_REQUIRE_CORPUS";

    private SharedData() {
    }

    /** The corpus root, whether or not it exists. */
    public static Path root() {
        String configured = System.getProperty(PROPERTY);
        return configured != null && !configured.isBlank() ? Path.of(configured) : Path.of("..", "shared", "data");
    }

    /** The file or folder at {@code relative} under the corpus root; skips or fails the test when it is absent. */
    public static Path require(String relative) {
        Path path = root().resolve(relative).normalize();
        if (!Files.exists(path)) {
            String message = "shared test data not found: " + path.toAbsolutePath()
                    + " (set -D" + PROPERTY + "=DIR to the corpus folder)";
            if ("1".equals(System.getenv(REQUIRE_VARIABLE))) {
                throw new AssertionError(message + "; required because " + REQUIRE_VARIABLE + "=1");
            }
            Assumptions.abort(message);
        }
        return path;
    }
}
