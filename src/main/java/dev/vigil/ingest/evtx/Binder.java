package dev.vigil.ingest.evtx;

import java.util.ArrayList;
import java.util.List;

/**
 * Binds a template's tree to a record's values: each placeholder becomes the value it stands for, a nested binary
 * XML value becomes the tree it holds (itself bound to its own values); a NULL value stays, marked as such.
 * A nested value is bound anew wherever the template uses it, so the nodes made are counted and bounded like the
 * parser's: without that, a few hundred bytes of values used many times over at each level grow exponentially.
 */
final class Binder {
    /**
     * Elements nested in the bound tree, across nested values: twice what one parsed tree may have, so a tree
     * without nested values always binds, while every recursive walk of a bound tree stays far from the stack's end.
     */
    static final int MAX_BOUND_DEPTH = 2 * BinXmlParser.MAX_DEPTH;

    private final Chunk chunk;
    private int nodes;
    private int level;

    Binder(Chunk chunk) {
        this.chunk = chunk;
    }

    XmlNode.Element bind(BinXmlParser.Fragment fragment, int depth) {
        if (fragment.template() == null) {
            return element(fragment.element(), Values.NONE, depth);
        }
        return element(fragment.template().root, fragment.values(), depth);
    }

    private XmlNode.Element element(XmlNode.Element element, Values values, int depth) {
        List<XmlNode.Attribute> attributes = element.attributes();
        count(1 + attributes.size());
        if (++level > MAX_BOUND_DEPTH) {
            throw new Malformed("bound XML elements nested deeper than " + MAX_BOUND_DEPTH + " levels");
        }
        if (!attributes.isEmpty()) {
            List<XmlNode.Attribute> bound = new ArrayList<>(attributes.size());
            for (XmlNode.Attribute attribute : attributes) {
                List<XmlNode> value = content(attribute.value(), values, depth);
                if (hasValue(value) || attribute.value().isEmpty()) {
                    bound.add(new XmlNode.Attribute(attribute.name(), value));
                }
            }
            attributes = bound;
        }
        List<XmlNode> content = content(element.content(), values, depth);
        level--;
        return new XmlNode.Element(element.name(), attributes, content);
    }

    /** False when the content is only NULL values: an attribute of nothing is left out, as Windows leaves it out. */
    private static boolean hasValue(List<XmlNode> content) {
        for (XmlNode node : content) {
            if (!(node instanceof XmlNode.Bound bound) || bound.type() != ValueDecoder.NULL) {
                return true;
            }
        }
        return false;
    }

    private List<XmlNode> content(List<XmlNode> content, Values values, int depth) {
        List<XmlNode> bound = new ArrayList<>(content.size());
        for (XmlNode node : content) {
            if (!(node instanceof XmlNode.Element)) {
                count(1);
            }
            if (node instanceof XmlNode.Element child) {
                bound.add(element(child, values, depth));
            } else if (node instanceof XmlNode.Sub sub) {
                substitute(sub, values, depth, bound);
            } else {
                bound.add(node);
            }
        }
        return bound;
    }

    private void substitute(XmlNode.Sub sub, Values values, int depth, List<XmlNode> out) {
        if (sub.index() >= values.count()) {
            out.add(new XmlNode.Bound(ValueDecoder.NULL, 0, 0, sub.optional()));
            return;
        }
        int type = values.types[sub.index()];
        int offset = values.offsets[sub.index()];
        int size = values.sizes[sub.index()];
        if (type == Values.BINXML) {
            if (depth >= BinXmlParser.MAX_DEPTH) {
                throw new Malformed("nested binary XML deeper than " + BinXmlParser.MAX_DEPTH + " levels");
            }
            if (size == 0) {
                out.add(new XmlNode.Bound(ValueDecoder.NULL, 0, 0, sub.optional()));
                return;
            }
            BinXmlParser.Fragment nested = new BinXmlParser(chunk, offset, offset + size).fragment(depth + 1);
            out.add(bind(nested, depth + 1));
            return;
        }
        out.add(new XmlNode.Bound(type, offset, size, sub.optional()));
    }

    /** Never more nodes than one parser may read, so a tree without nested values always binds. */
    private void count(int made) {
        nodes += made;
        if (nodes > BinXmlParser.MAX_NODES) {
            throw new Malformed("binary XML binds to more than " + BinXmlParser.MAX_NODES
                    + " nodes (nested values used over and over)");
        }
    }
}
