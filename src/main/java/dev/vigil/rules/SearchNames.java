package dev.vigil.rules;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/** Expands the search-identifier patterns of {@code 1 of x*} and {@code all of them}. */
public final class SearchNames {
    private SearchNames() {
    }

    /**
     * The names matching a pattern ({@code *} matches any run of characters), in definition order. A
     * {@code null} pattern means {@code them}: every name not starting with an underscore.
     */
    public static List<String> expand(String pattern, Collection<String> names) {
        List<String> matched = new ArrayList<>();
        if (pattern == null) {
            for (String name : names) {
                if (!name.startsWith("_")) {
                    matched.add(name);
                }
            }
            return matched;
        }
        StringBuilder regex = new StringBuilder();
        String[] pieces = pattern.split("\\*", -1);
        for (int i = 0; i < pieces.length; i++) {
            if (i > 0) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(pieces[i]));
        }
        Pattern compiled = Pattern.compile(regex.toString(), Pattern.DOTALL);
        for (String name : names) {
            if (compiled.matcher(name).matches()) {
                matched.add(name);
            }
        }
        return matched;
    }
}
