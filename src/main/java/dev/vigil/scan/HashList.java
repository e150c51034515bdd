package dev.vigil.scan;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A user's list of SHA-256 indicators ({@code --hashes FILE}): one {@code sha256 [name]} per line (so
 * {@code sha256sum} output, with its {@code *} binary marker, works as it is), {@code #} comments and blank lines
 * ignored. Two comment directives set what the following lines' findings say: {@code # level: high} (default
 * {@code high}) and {@code # playbook: proxylogon} (default none).
 *
 * <p>A bad line is reported as {@code file:line: reason} and skipped; the good lines are kept. Lines longer than
 * {@link #MAX_LINE} bytes are bad lines, and reading one never holds more than that in memory.
 */
public final class HashList {
    static final int MAX_LINE = 4096;
    /** Bad lines listed at most; the count covers them all. */
    static final int KEPT_PROBLEMS = 100;

    private HashList() {
    }

    /** The indicators and the bad lines of one list. */
    public record Parsed(List<Indicator.Hash> hashes, List<String> problems, long problemCount) {
        public Parsed {
            hashes = List.copyOf(hashes);
            problems = List.copyOf(problems);
        }
    }

    public static Parsed parse(String file, InputStream unbuffered) throws IOException {
        InputStream input = new BufferedInputStream(unbuffered);
        List<Indicator.Hash> hashes = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        long[] problemCount = {0};
        String level = "high";
        String playbook = "";
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        long number = 0;
        boolean tooLong = false;
        boolean more = true;
        while (more) {
            int b = input.read();
            if (b != '\n' && b != -1) {
                if (line.size() < MAX_LINE) {
                    line.write(b);
                } else {
                    tooLong = true;
                }
                continue;
            }
            more = b != -1;
            if (!more && line.size() == 0 && !tooLong) {
                break;
            }
            number++;
            String where = file + ":" + number;
            if (tooLong) {
                problem(problems, problemCount, where + ": line longer than " + MAX_LINE + " bytes");
            } else {
                String text = line.toString(StandardCharsets.UTF_8).strip();
                if (text.startsWith("#")) {
                    String directive = text.substring(1).strip();
                    String lower = directive.toLowerCase(Locale.ROOT);
                    if (lower.startsWith("level:")) {
                        String value = directive.substring(6).strip().toLowerCase(Locale.ROOT);
                        if (About.LEVELS.contains(value)) {
                            level = value;
                        } else {
                            problem(problems, problemCount, where + ": level must be one of " + About.LEVELS + ", not '" + value + "'");
                        }
                    } else if (lower.startsWith("playbook:")) {
                        String value = directive.substring(9).strip().toLowerCase(Locale.ROOT);
                        if (dev.vigil.respond.Playbooks.bundled().contains(value) || value.isEmpty()) {
                            playbook = value;
                        } else {
                            problem(problems, problemCount, where + ": unknown playbook '" + value + "'");
                        }
                    }
                } else if (!text.isEmpty()) {
                    Indicator.Hash hash = entry(file, number, text, level, playbook, problems, problemCount);
                    if (hash != null) {
                        hashes.add(hash);
                    }
                }
            }
            line.reset();
            tooLong = false;
        }
        return new Parsed(hashes, problems, problemCount[0]);
    }

    private static Indicator.Hash entry(String file, long number, String text, String level, String playbook,
                                        List<String> problems, long[] problemCount) {
        int space = 0;
        while (space < text.length() && !Character.isWhitespace(text.charAt(space))) {
            space++;
        }
        String hex = text.substring(0, space).toLowerCase(Locale.ROOT);
        String name = text.substring(space).strip();
        if (name.startsWith("*")) {
            name = name.substring(1);
        }
        if (!isSha256(hex)) {
            String shown = hex.length() > 80 ? hex.substring(0, 80) + "…" : hex;
            problem(problems, problemCount, file + ":" + number + ": not a SHA-256 (64 hexadecimal digits): '" + shown + "'");
            return null;
        }
        About about = new About("hash:" + hex, "File with a SHA-256 from " + file + (name.isEmpty() ? "" : " (" + name + ")"),
                level, playbook, file + ":" + number, "The file's SHA-256 is on a list you supplied.",
                List.of());
        return new Indicator.Hash(about, hex, name);
    }

    static boolean isSha256(String text) {
        if (text.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    private static void problem(List<String> problems, long[] count, String message) {
        count[0]++;
        if (problems.size() < KEPT_PROBLEMS) {
            problems.add(message);
        }
    }
}
