package dev.vigil.ingest.evtx;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses binary XML tokens (MS-EVEN6 §2.2.12) from a chunk into {@link XmlNode} trees. Every read is checked
 * against the limit of the structure being parsed, and nesting is bounded, so damaged input ends in
 * {@link Malformed}, never in a crash or a loop.
 */
final class BinXmlParser {
    static final int MAX_DEPTH = 48;
    static final int MAX_NODES = 100_000;

    private static final int EOF = 0x00;
    private static final int OPEN_START = 0x01;
    private static final int CLOSE_START = 0x02;
    private static final int CLOSE_EMPTY = 0x03;
    private static final int END_ELEMENT = 0x04;
    private static final int VALUE = 0x05;
    private static final int ATTRIBUTE = 0x06;
    private static final int CDATA = 0x07;
    private static final int CHAR_REF = 0x08;
    private static final int ENTITY_REF = 0x09;
    private static final int PI_TARGET = 0x0a;
    private static final int PI_DATA = 0x0b;
    private static final int TEMPLATE_INSTANCE = 0x0c;
    private static final int SUBSTITUTION = 0x0d;
    private static final int OPTIONAL_SUBSTITUTION = 0x0e;
    private static final int FRAGMENT_HEADER = 0x0f;
    private static final int MORE = 0x40;

    /** A parsed fragment: a template instance with its values, or a literal element. */
    record Fragment(Template template, Values values, XmlNode.Element element, int end) {
    }

    private final Chunk chunk;
    private final byte[] data;
    private final int limit;
    private int position;
    private int nodes;

    BinXmlParser(Chunk chunk, int position, int limit) {
        this.chunk = chunk;
        this.data = chunk.data;
        this.position = position;
        this.limit = limit;
    }

    /** A fragment (record data or a nested binary XML value): optional header, then an instance or an element. */
    Fragment fragment(int depth) {
        if (depth > MAX_DEPTH) {
            throw new Malformed("binary XML nested deeper than " + MAX_DEPTH + " levels");
        }
        skipFragmentHeaders();
        int token = Bytes.u8(data, position, limit);
        if (token == TEMPLATE_INSTANCE) {
            return templateInstance();
        }
        if ((token & ~MORE) == OPEN_START) {
            XmlNode.Element element = element(depth);
            return new Fragment(null, Values.NONE, element, position);
        }
        throw unexpected(token, "a template instance or an element");
    }

    /** The body of a template definition: fragment header, one element, end of fragment. */
    XmlNode.Element templateBody() {
        skipFragmentHeaders();
        int token = Bytes.u8(data, position, limit);
        if ((token & ~MORE) != OPEN_START) {
            throw unexpected(token, "the template's root element");
        }
        return element(0);
    }

    private void skipFragmentHeaders() {
        while (Bytes.u8(data, position, limit) == FRAGMENT_HEADER) {
            Bytes.check(position, 4, limit);
            position += 4;
        }
    }

    private Fragment templateInstance() {
        Bytes.check(position, 10, limit);
        int definition = Bytes.u31(data, position + 6, limit);
        position += 10;
        Template template;
        if (definition == position) {
            template = chunk.defineTemplate(definition);
            position = definition + Chunk.TEMPLATE_HEADER + Bytes.u31(data, definition + 20, limit);
        } else {
            template = chunk.template(definition);
        }
        Values values = Values.read(data, position, limit);
        position = values.end;
        return new Fragment(template, values, null, position);
    }

    private XmlNode.Element element(int depth) {
        if (depth > MAX_DEPTH) {
            throw new Malformed("XML elements nested deeper than " + MAX_DEPTH + " levels");
        }
        count();
        int token = data[position];
        Bytes.check(position, 11, limit);
        int nameOffset = Bytes.u31(data, position + 7, limit);
        position += 11;
        String name = name(nameOffset);
        if ((token & MORE) != 0) {
            Bytes.check(position, 4, limit);
            position += 4;
        }
        List<XmlNode.Attribute> attributes = List.of();
        while ((Bytes.u8(data, position, limit) & ~MORE) == ATTRIBUTE) {
            if (attributes.isEmpty()) {
                attributes = new ArrayList<>(4);
            }
            count();
            int attributeName = Bytes.u31(data, position + 1, limit);
            position += 5;
            String attribute = name(attributeName);
            attributes.add(new XmlNode.Attribute(attribute, values()));
        }
        int close = Bytes.u8(data, position++, limit);
        if (close == CLOSE_EMPTY) {
            return new XmlNode.Element(name, attributes, List.of());
        }
        if (close != CLOSE_START) {
            throw unexpected(close, "the end of the start tag of <" + name + ">");
        }
        List<XmlNode> content = new ArrayList<>(2);
        while (true) {
            int next = Bytes.u8(data, position, limit);
            int kind = next & ~MORE;
            if (kind == END_ELEMENT) {
                position++;
                return new XmlNode.Element(name, attributes, content);
            } else if (kind == OPEN_START) {
                content.add(element(depth + 1));
            } else if (kind == PI_TARGET) {
                processingInstruction();
            } else if (!value(kind, content)) {
                throw unexpected(next, "content of <" + name + ">");
            }
        }
    }

    /** Text and substitutions up to the next token that is neither (attribute values). */
    private List<XmlNode> values() {
        List<XmlNode> value = new ArrayList<>(1);
        while (position < limit && value(data[position] & 0xff & ~MORE, value)) {
            // value() consumed one token
        }
        return value;
    }

    /** Consumes one text-like token into {@code out}; false (consuming nothing) when the token is another kind. */
    private boolean value(int kind, List<XmlNode> out) {
        switch (kind) {
            case VALUE -> {
                count();
                int type = Bytes.u8(data, position + 1, limit);
                if (type != 0x01) {
                    throw new Malformed("value token of type 0x" + Integer.toHexString(type) + " at 0x"
                            + Integer.toHexString(position) + " (only strings are defined)");
                }
                out.add(new XmlNode.Text(utf16Counted(position + 2)));
            }
            case SUBSTITUTION, OPTIONAL_SUBSTITUTION -> {
                count();
                Bytes.check(position, 4, limit);
                out.add(new XmlNode.Sub(Bytes.u16(data, position + 1), kind == OPTIONAL_SUBSTITUTION));
                position += 4;
            }
            case CDATA -> {
                count();
                out.add(new XmlNode.Text(utf16Counted(position + 1)));
            }
            case CHAR_REF -> {
                count();
                int code = Bytes.u16(data, position + 1, limit);
                position += 3;
                out.add(new XmlNode.Text(String.valueOf((char) code)));
            }
            case ENTITY_REF -> {
                count();
                int nameOffset = Bytes.u31(data, position + 1, limit);
                position += 5;
                out.add(new XmlNode.Text(entity(name(nameOffset))));
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /** A processing instruction carries no event data; it is parsed to stay in step and then dropped. */
    private void processingInstruction() {
        count();
        int nameOffset = Bytes.u31(data, position + 1, limit);
        position += 5;
        name(nameOffset);
        if ((Bytes.u8(data, position, limit) & ~MORE) == PI_DATA) {
            utf16Counted(position + 1);
        }
    }

    /** A u16 character count and that many UTF-16 characters; moves past them. */
    private String utf16Counted(int at) {
        int length = Bytes.u16(data, at, limit);
        Bytes.check(at + 2, 2 * length, limit);
        position = at + 2 + 2 * length;
        return Bytes.utf16(data, at + 2, 2 * length);
    }

    /** A name: defined right here (then moved past) or earlier in the chunk (then taken from the chunk). */
    private String name(int offset) {
        if (offset == position) {
            String name = chunk.name(offset);
            position = offset + Chunk.nameSize(data, offset);
            return name;
        }
        return chunk.name(offset);
    }

    private static String entity(String name) {
        return switch (name) {
            case "lt" -> "<";
            case "gt" -> ">";
            case "amp" -> "&";
            case "quot" -> "\"";
            case "apos" -> "'";
            default -> "&" + name + ";";
        };
    }

    private void count() {
        if (++nodes > MAX_NODES) {
            throw new Malformed("more than " + MAX_NODES + " binary XML nodes in one structure");
        }
    }

    private Malformed unexpected(int token, String expected) {
        return new Malformed("unexpected token 0x" + Integer.toHexString(token) + " at 0x"
                + Integer.toHexString(position) + " where " + expected + " should be");
    }
}
