package dev.vigil.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A rule's {@code logsource}: any of product, category and service (lowercased; {@code null} when not given).
 * {@code definition} and custom keys carry no routing meaning and are kept only for display.
 */
public record LogSource(String product, String category, String service) {
    public LogSource {
        product = normalize(product);
        category = normalize(category);
        service = normalize(service);
    }

    private static String normalize(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return value.strip().toLowerCase(Locale.ROOT);
    }

    public boolean isEmpty() {
        return product == null && category == null && service == null;
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>(3);
        if (product != null) {
            parts.add("product=" + product);
        }
        if (category != null) {
            parts.add("category=" + category);
        }
        if (service != null) {
            parts.add("service=" + service);
        }
        return parts.isEmpty() ? "(empty logsource)" : String.join(" ", parts);
    }
}
