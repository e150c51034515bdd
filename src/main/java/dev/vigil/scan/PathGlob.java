package dev.vigil.scan;

import com.google.re2j.Pattern;

import java.util.List;
import java.util.Locale;

/**
 * Globs over normalised paths, so that one indicator fits a live Windows tree ({@code C:\inetpub\wwwroot\x.aspx})
 * and a mounted copy ({@code /mnt/image/inetpub/wwwroot/x.aspx}) alike: a path is normalised by turning every
 * backslash into a slash and folding ASCII case, and a folder glob is matched at the end of the parent folder,
 * starting at any folder boundary (so any drive letter or mount prefix fits).
 *
 * <p>Glob syntax, per path component: {@code *} any run of characters, {@code ?} one character, {@code [...]} a
 * class ({@code [!...]} negated); a component of {@code **} alone stands for any number of folders.
 */
final class PathGlob {
    private PathGlob() {
    }

    /** The path as the globs see it: slashes only, ASCII case folded. */
    static String normalize(String path) {
        return path.replace('\\', '/').toLowerCase(Locale.ROOT);
    }

    /** A pattern for {@code find()} over a normalised path: the file's name in the folder ({@code null}: anywhere). */
    static Pattern file(String folder, List<String> names) {
        StringBuilder regex = new StringBuilder("(?:^|/)");
        if (folder != null) {
            appendFolder(regex, folder);
        }
        regex.append("(?:");
        for (int i = 0; i < names.size(); i++) {
            if (i > 0) {
                regex.append('|');
            }
            appendComponent(regex, names.get(i));
        }
        return Pattern.compile(regex.append(")$").toString());
    }

    /** A pattern for {@code find()} over a normalised path: anything at any depth below the folder. */
    static Pattern under(String folder) {
        StringBuilder regex = new StringBuilder("(?:^|/)");
        appendFolder(regex, folder);
        return Pattern.compile(regex.toString());
    }

    /** A pattern matching a whole file name against any of the name globs (the cheap first test of a sweep). */
    static Pattern anyName(List<String> names) {
        StringBuilder regex = new StringBuilder("^(?:");
        for (int i = 0; i < names.size(); i++) {
            if (i > 0) {
                regex.append('|');
            }
            appendComponent(regex, names.get(i));
        }
        return Pattern.compile(regex.append(")$").toString());
    }

    private static void appendFolder(StringBuilder regex, String folder) {
        for (String component : normalize(folder).split("/")) {
            if (component.isEmpty()) {
                throw new IllegalArgumentException("empty component in folder glob '" + folder + "'");
            }
            if (component.equals("**")) {
                regex.append("(?:[^/]+/)*");
            } else {
                appendComponent(regex, component);
                regex.append('/');
            }
        }
    }

    private static void appendComponent(StringBuilder regex, String glob) {
        String component = normalize(glob);
        if (component.isEmpty() || component.contains("/") || component.equals("**")) {
            throw new IllegalArgumentException("not a file-name glob: '" + glob + "'");
        }
        for (int i = 0; i < component.length(); i++) {
            char c = component.charAt(i);
            switch (c) {
                case '*' -> regex.append("[^/]*");
                case '?' -> regex.append("[^/]");
                case '[' -> {
                    int close = component.indexOf(']', i + 2);
                    if (close < 0) {
                        throw new IllegalArgumentException("unclosed '[' in glob '" + glob + "'");
                    }
                    String body = component.substring(i + 1, close);
                    if (body.startsWith("!")) {
                        body = "^" + body.substring(1);
                    }
                    regex.append('[').append(body.replace("\\", "\\\\").replace("[", "\\[")).append(']');
                    i = close;
                }
                default -> {
                    if (Character.isLetterOrDigit(c) || c == ' ' || c == '_' || c == '-') {
                        regex.append(c);
                    } else {
                        regex.append('\\').append(c);
                    }
                }
            }
        }
    }
}
