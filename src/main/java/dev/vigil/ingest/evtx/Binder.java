package dev.vigil.ingest.evtx;

import java.util.ArrayList;
import java.util.List;

/**
 * Binds a template's tree to a record's values: each placeholder becomes the value it stands for, a nested binary
 * XML value becomes the tree it holds (itself bound to its own values); a NULL value stays, marked as such.
 */
final class Binder {
    private final Chunk chunk;

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
        return new XmlNode.Element(element.name(), attributes, content(element.content(), values, depth));
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
}
