package dev.vigil.ingest.evtx;

/**
 * A template definition of one chunk: its element tree with substitution placeholders, and the field layout
 * derived from that tree once, shared by every record that instantiates the template.
 */
final class Template {
    final int offset;
    final XmlNode.Element root;
    private Layout layout;
    private final java.util.Map<Object, Layout> nestedLayouts = new java.util.HashMap<>();

    Template(int offset, XmlNode.Element root) {
        this.offset = offset;
        this.root = root;
    }

    /** The fields of records of this template, or {@code null} when they depend on the values (rare). */
    Layout layout() {
        Layout known = layout;
        if (known == null) {
            known = Layout.ofTemplate(root);
            layout = known;
        }
        return known == Layout.DYNAMIC ? null : known;
    }

    /** The layout of records of this template whose nested values have this shape; {@code null} if it has none. */
    Layout layout(Nesting nesting) {
        Object key = nesting.key();
        Layout known = nestedLayouts.get(key);
        if (known == null) {
            XmlNode.Element tree = nesting.tree();
            known = tree == null ? Layout.DYNAMIC : Layout.ofTemplate(tree);
            nestedLayouts.put(key, known);
        }
        return known == Layout.DYNAMIC ? null : known;
    }
}
