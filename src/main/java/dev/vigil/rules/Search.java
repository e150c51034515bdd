package dev.vigil.rules;

import java.util.List;

/**
 * The body of a search identifier: a map is the AND of its field tests, a list is the OR of its items, and a
 * list of plain values is a keyword test.
 */
public sealed interface Search permits Search.AllOf, Search.AnyOf, Search.Test {

    record AllOf(List<Search> items) implements Search {
        public AllOf {
            items = List.copyOf(items);
        }
    }

    record AnyOf(List<Search> items) implements Search {
        public AnyOf {
            items = List.copyOf(items);
        }
    }

    record Test(FieldTest test) implements Search {
    }
}
