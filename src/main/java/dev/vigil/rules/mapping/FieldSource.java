package dev.vigil.rules.mapping;

import java.util.List;

/**
 * Where a canonical field's value comes from. {@link First} takes the first of several names that is present;
 * {@link Values} builds several values from templates (any may match), e.g. IIS {@code cs-uri-query} evaluated both
 * as logged and as {@code stem?query}.
 */
public sealed interface FieldSource permits FieldSource.First, FieldSource.Values {

    record First(List<String> names) implements FieldSource {
        public First {
            names = List.copyOf(names);
        }
    }

    record Values(List<Template> templates) implements FieldSource {
        public Values {
            templates = List.copyOf(templates);
        }
    }

    /**
     * A template: literal text with {@code {field}} references, and optional segments in square brackets that
     * are left out when a field they reference is absent or empty: {@code {cs-uri-stem}[?{cs-uri-query}]}.
     */
    record Template(List<Segment> segments) {
        public Template {
            segments = List.copyOf(segments);
        }
    }

    /** A piece of a template: literal parts and field references, optional as a whole. */
    record Segment(List<Part> parts, boolean optional) {
        public Segment {
            parts = List.copyOf(parts);
        }
    }

    /** Either a literal ({@code field == null}) or a field reference. */
    record Part(String literal, String field) {
    }
}
