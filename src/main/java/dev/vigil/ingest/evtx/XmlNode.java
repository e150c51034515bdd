package dev.vigil.ingest.evtx;

import java.util.List;

/**
 * The binary XML of a record as a tree. A template's tree holds {@link Sub} placeholders; binding it to a
 * record's values turns them into {@link Bound} values (or splices in the tree of a nested binary XML value).
 */
sealed interface XmlNode permits XmlNode.Element, XmlNode.Text, XmlNode.Sub, XmlNode.Bound {

    /** An element with its attributes and content (text, values and child elements, in order). */
    record Element(String name, List<Attribute> attributes, List<XmlNode> content) implements XmlNode {

        /** The first attribute with this name, or {@code null}. */
        Attribute attribute(String attributeName) {
            for (Attribute attribute : attributes) {
                if (attribute.name().equals(attributeName)) {
                    return attribute;
                }
            }
            return null;
        }

        boolean hasChildElements() {
            for (XmlNode node : content) {
                if (node instanceof Element) {
                    return true;
                }
            }
            return false;
        }
    }

    /** An attribute; its value is text and values, like element content without elements. */
    record Attribute(String name, List<XmlNode> value) {
    }

    /** Literal text: a value token, CDATA, or a resolved character or entity reference. */
    record Text(String text) implements XmlNode {
    }

    /**
     * A substitution: the template's placeholder for value {@code index} of the record. An optional one removes
     * its element (or attribute) when the value is null. {@code set} says which value table it reads: 0 for the
     * record's own, higher for the tables of nested template instances (see {@link Nesting}).
     */
    record Sub(int set, int index, boolean optional) implements XmlNode {
        Sub(int index, boolean optional) {
            this(0, index, optional);
        }
    }

    /** A value of a record bound in place: its type and where its bytes are in the chunk. */
    record Bound(int type, int offset, int size, boolean optional) implements XmlNode {
    }
}
