package dev.vigil.ingest.evtx;

import dev.vigil.event.Event;
import dev.vigil.event.Origin;
import dev.vigil.event.Value;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * One record as an event: the fields of its layout, each decoded from the chunk the first time it is asked for.
 * Holds on to its chunk's bytes, not to a copy.
 */
final class EvtxEvent implements Event {
    private static final Value ABSENT = new Value.Text("");

    private final byte[] data;
    private final Layout layout;
    private final Values[] tables;
    private final Origin origin;
    private final long written;
    private Value[] decoded;

    EvtxEvent(byte[] data, Layout layout, Values[] tables, Origin origin, long written) {
        this.data = data;
        this.layout = layout;
        this.tables = tables;
        this.origin = origin;
        this.written = written;
    }

    @Override
    public Value get(String name) {
        int index = layout.indexOf(name);
        return index < 0 ? null : field(index);
    }

    /** The layout's shared names: the same object for every record whose layout has the same names in order. */
    @Override
    public Object layoutKey() {
        return layout.fieldNames.shared ? layout.fieldNames : null;
    }

    @Override
    public int position(String name) {
        return layout.indexOf(name);
    }

    @Override
    public Value get(int position) {
        return field(position);
    }

    @Override
    public boolean mayNameHoldSpace() {
        return layout.fieldNames.anySpace;
    }

    private Value field(int index) {
        if (decoded == null) {
            decoded = new Value[layout.size()];
        }
        Value value = decoded[index];
        if (value == null) {
            value = decode(layout.items.get(index));
            decoded[index] = value == null ? ABSENT : value;
            return value;
        }
        return value == ABSENT ? null : value;
    }

    @Override
    public void forEachField(BiConsumer<String, Value> visitor) {
        for (int i = 0; i < layout.size(); i++) {
            Value value = field(i);
            if (value != null) {
                visitor.accept(layout.names[i], value);
            }
        }
    }

    /**
     * Every value as {@link #forEachField} gives it, except for a field not yet decoded whose one item is one value
     * (a substitution or a bound value): one of the string type is offered as its UTF-16LE bytes in the chunk, the
     * range {@link ValueDecoder} decodes it from, so that a keyword search reads them without the String; one of a
     * type whose text holds only the characters of its {@linkplain ValueDecoder#alphabet alphabet} is skipped,
     * undecoded, when the visitor does not {@linkplain TextVisitor#wants want} those. Static text, concatenations,
     * arrays and the other types are decoded (and kept) as {@link #get} does.
     */
    @Override
    public void forEachValueText(TextVisitor visitor) {
        for (int i = 0; i < layout.size(); i++) {
            XmlNode node = decoded == null || decoded[i] == null ? single(layout.items.get(i)) : null;
            int[] value = node == null ? null : resolve(node);
            if (value != null) {
                if (value[0] == ValueDecoder.STRING) {
                    visitor.utf16(data, value[1], ValueDecoder.utf16End(data, value[1], value[2]));
                    continue;
                }
                ValueDecoder.Alphabet alphabet = ValueDecoder.alphabet(value[0]);
                if (alphabet != null && !visitor.wants(alphabet.low(), alphabet.high())) {
                    continue;
                }
            }
            Value decodedValue = field(i);
            if (decodedValue != null) {
                visitor.value(decodedValue);
            }
        }
    }

    /** The one value node of a field with one item of one node, else {@code null}. */
    private static XmlNode single(List<List<XmlNode>> items) {
        if (items.size() != 1 || items.get(0).size() != 1) {
            return null;
        }
        XmlNode node = items.get(0).get(0);
        return node instanceof XmlNode.Bound || node instanceof XmlNode.Sub ? node : null;
    }

    @Override
    public void forEachName(Consumer<String> visitor) {
        for (int i = 0; i < layout.size(); i++) {
            visitor.accept(layout.names[i]);
        }
    }

    /** When the event was created (TimeCreated), else when the record was written. */
    @Override
    public Instant timestamp() {
        int index = layout.fieldNames.timeCreated;
        if (index >= 0 && layout.items.get(index).size() == 1) {
            List<XmlNode> content = layout.items.get(index).get(0);
            if (content.size() == 1) {
                int[] value = resolve(content.get(0));
                if (value != null && value[0] == ValueDecoder.FILETIME && value[2] >= 8) {
                    Instant created = ValueDecoder.instant(Bytes.i64(data, value[1]));
                    if (created != null) {
                        return created;
                    }
                }
            }
        }
        return ValueDecoder.instant(written);
    }

    @Override
    public Origin origin() {
        return origin;
    }

    @Override
    public String rawText() {
        return null;
    }

    private Value decode(List<List<XmlNode>> items) {
        if (items.size() == 1) {
            return decodeItem(items.get(0));
        }
        List<Value> list = new ArrayList<>(items.size());
        for (List<XmlNode> item : items) {
            Value value = decodeItem(item);
            if (value != null) {
                list.add(value);
            }
        }
        return list.isEmpty() ? null : new Value.Array(list);
    }

    /**
     * One value made of text and values. A content that is only a NULL value is no field, whether the substitution
     * is optional or not (evtx_dump writes {@code null} for both, which Sigma's {@code null} matches).
     */
    private Value decodeItem(List<XmlNode> content) {
        if (content.isEmpty()) {
            return Value.text("");
        }
        if (content.size() == 1) {
            XmlNode node = content.get(0);
            if (node instanceof XmlNode.Text text) {
                return Value.text(text.text());
            }
            int[] value = resolve(node);
            return value == null ? null : ValueDecoder.value(data, value[0], value[1], value[2]);
        }
        StringBuilder text = new StringBuilder();
        for (XmlNode node : content) {
            if (node instanceof XmlNode.Text literal) {
                text.append(literal.text());
            } else {
                int[] value = resolve(node);
                String part = value == null ? null : ValueDecoder.text(data, value[0], value[1], value[2]);
                if (part != null) {
                    text.append(part);
                }
            }
        }
        return Value.text(text.toString());
    }

    /** Type, offset and size of a placeholder's or bound value; {@code null} when it is NULL or missing. */
    private int[] resolve(XmlNode node) {
        if (node instanceof XmlNode.Bound bound) {
            return bound.type() == ValueDecoder.NULL ? null : new int[] {bound.type(), bound.offset(), bound.size()};
        }
        if (node instanceof XmlNode.Sub sub && sub.set() < tables.length && sub.index() < tables[sub.set()].count()) {
            Values values = tables[sub.set()];
            int type = values.types[sub.index()];
            return type == ValueDecoder.NULL || type == Values.BINXML ? null
                    : new int[] {type, values.offsets[sub.index()], values.sizes[sub.index()]};
        }
        return null;
    }
}
