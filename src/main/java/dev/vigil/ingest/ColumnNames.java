package dev.vigil.ingest;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Field names from a header row, as the CSV-shaped readers use them: cells are stripped, an empty cell is named
 * {@code columnN} (from 1) and a repeated one gets {@code _N} appended, so no value is lost to a name clash.
 */
public final class ColumnNames {
    private ColumnNames() {
    }

    public static List<String> of(List<String> cells) {
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int index = 0; index < cells.size(); index++) {
            String name = cells.get(index).strip();
            if (name.isEmpty()) {
                name = "column" + (index + 1);
            }
            String unique = name;
            for (int suffix = 2; !seen.add(unique); suffix++) {
                unique = name + "_" + suffix;
            }
            names.add(unique);
        }
        return List.copyOf(names);
    }
}
