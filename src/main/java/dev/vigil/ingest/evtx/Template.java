package dev.vigil.ingest.evtx;

/**
 * A template definition of one chunk: its element tree with substitution placeholders, and the field layout
 * derived from that tree once, shared by every record that instantiates the template.
 */
final class Template {
    final int offset;
    final XmlNode.Element root;
    private Layout layout;

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
}
