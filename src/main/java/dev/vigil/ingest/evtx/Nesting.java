package dev.vigil.ingest.evtx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The value tables of a record whose values include nested binary XML that instantiates templates (as Security
 * and classic System events often do), numbered depth-first: table 0 is the record's own, and each nested value
 * that holds a template instance gets the next number. The shape — which value of which table holds which
 * template — keys a layout cached on the outer template, so such records cost a scan of their tables, not a
 * rebuild of their tree.
 */
final class Nesting {
    private static final int MAX_TABLES = 256;

    final List<Values> tables = new ArrayList<>(4);
    final List<Template> templates = new ArrayList<>(4);
    /** Triples (table, value index, template offset) in depth-first order. */
    private int[] shape = new int[12];
    private int shapeLength;
    private int hash = 1;

    /**
     * The nesting of a record's values, or {@code null} when some nested value is not a template instance (a
     * literal element), which the binding path handles.
     */
    static Nesting of(Chunk chunk, Template outer, Values values) {
        Nesting nesting = new Nesting();
        nesting.tables.add(values);
        nesting.templates.add(outer);
        return nesting.scan(chunk, 0, 0) ? nesting : null;
    }

    private boolean scan(Chunk chunk, int table, int depth) {
        Values values = tables.get(table);
        for (int i = 0; i < values.count(); i++) {
            if (values.types[i] != Values.BINXML || values.sizes[i] == 0) {
                continue;
            }
            if (depth >= BinXmlParser.MAX_DEPTH || tables.size() >= MAX_TABLES) {
                throw new Malformed("nested binary XML deeper than " + BinXmlParser.MAX_DEPTH + " levels");
            }
            int offset = values.offsets[i];
            BinXmlParser.Fragment fragment = new BinXmlParser(chunk, offset, offset + values.sizes[i]).fragment(depth + 1);
            if (fragment.template() == null) {
                return false;
            }
            int nested = tables.size();
            tables.add(fragment.values());
            templates.add(fragment.template());
            append(table, i, fragment.template().offset);
            if (!scan(chunk, nested, depth + 1)) {
                return false;
            }
        }
        return true;
    }

    private void append(int table, int index, int templateOffset) {
        if (shapeLength + 3 > shape.length) {
            shape = Arrays.copyOf(shape, shape.length * 2);
        }
        shape[shapeLength++] = table;
        shape[shapeLength++] = index;
        shape[shapeLength++] = templateOffset;
        hash = 31 * (31 * (31 * hash + table) + index) + templateOffset;
    }

    /** The table a nested value opens, or -1 when that value is not a nested template instance. */
    private int tableOf(int table, int index) {
        for (int i = 0, opened = 1; i < shapeLength; i += 3, opened++) {
            if (shape[i] == table && shape[i + 1] == index) {
                return opened;
            }
        }
        return -1;
    }

    /** The cache key: the shape alone. */
    Object key() {
        return new Key(Arrays.copyOf(shape, shapeLength), hash);
    }

    /**
     * The record's tree with nested template instances spliced in, their placeholders pointing at their own
     * tables; {@code null} when a nested value sits where no element can (in an attribute, or mixed with text).
     */
    XmlNode.Element tree() {
        return (XmlNode.Element) splice(templates.get(0).root, 0, false);
    }

    private XmlNode splice(XmlNode node, int table, boolean inAttribute) {
        if (node instanceof XmlNode.Sub sub) {
            int nested = tableOf(table, sub.index());
            if (nested < 0) {
                return new XmlNode.Sub(table, sub.index(), sub.optional());
            }
            return inAttribute ? null : splice(templates.get(nested).root, nested, false);
        }
        if (!(node instanceof XmlNode.Element element)) {
            return node;
        }
        List<XmlNode.Attribute> attributes = new ArrayList<>(element.attributes().size());
        for (XmlNode.Attribute attribute : element.attributes()) {
            List<XmlNode> value = new ArrayList<>(attribute.value().size());
            for (XmlNode part : attribute.value()) {
                XmlNode spliced = splice(part, table, true);
                if (spliced == null) {
                    return null;
                }
                value.add(spliced);
            }
            attributes.add(new XmlNode.Attribute(attribute.name(), value));
        }
        List<XmlNode> content = new ArrayList<>(element.content().size());
        for (XmlNode part : element.content()) {
            XmlNode spliced = splice(part, table, false);
            if (spliced == null) {
                return null;
            }
            content.add(spliced);
        }
        return new XmlNode.Element(element.name(), attributes, content);
    }

    private record Key(int[] shape, int hash) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Arrays.equals(shape, key.shape);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public String toString() {
            return Arrays.toString(shape);
        }
    }
}
