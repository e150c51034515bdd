package dev.vigil.rules.mapping;

import dev.vigil.rules.LogSource;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** All shapes and logsource entries in force: the built-in data files plus any the user added. */
public record LogsourceMapping(List<Shape> shapes, List<LogsourceEntry> entries) {
    public LogsourceMapping {
        shapes = List.copyOf(shapes);
        entries = List.copyOf(entries);
    }

    /**
     * Whether some event could belong to this logsource: within one family, some entry names the product, some
     * the category and some the service the rule asks for. A rule for which this is false never runs.
     */
    public boolean covers(LogSource logSource) {
        if (logSource.isEmpty()) {
            return false;
        }
        Set<String> families = new HashSet<>();
        for (LogsourceEntry entry : entries) {
            families.add(entry.family());
        }
        for (String family : families) {
            if (has(family, logSource.product(), 0) && has(family, logSource.category(), 1)
                    && has(family, logSource.service(), 2)) {
                return true;
            }
        }
        return false;
    }

    private boolean has(String family, String value, int part) {
        if (value == null) {
            return true;
        }
        for (LogsourceEntry entry : entries) {
            if (!entry.family().equals(family)) {
                continue;
            }
            LogSource tags = entry.logSource();
            String candidate = part == 0 ? tags.product() : part == 1 ? tags.category() : tags.service();
            if (value.equals(candidate)) {
                return true;
            }
        }
        return false;
    }
}
