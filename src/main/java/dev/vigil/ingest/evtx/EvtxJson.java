package dev.vigil.ingest.evtx;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.event.Value;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes a record as one JSON object in the shape evtx_dump uses (and SigmaHQ's regression data): {@code Event}
 * holding {@code #attributes}, {@code System} and {@code EventData}; attributes under {@code #attributes}, text
 * beside them under {@code #text}; {@code EventData/Data} items keyed by their {@code Name}; an element with
 * neither text nor attributes is {@code null}; repeated names become arrays. Integers are JSON numbers. Values
 * are rendered as Windows renders them (GUIDs in braces, times with 100 ns digits).
 */
public final class EvtxJson {
    private static final Pattern DECIMAL = Pattern.compile("-?(0|[1-9][0-9]{0,17})");

    private EvtxJson() {
    }

    public static void write(EvtxRecord record, JsonGenerator out) throws IOException {
        byte[] data = record.chunkData();
        XmlNode.Element root = record.tree();
        out.writeStartObject();
        out.writeFieldName(root.name());
        element(root, data, out);
        out.writeEndObject();
    }

    private static void element(XmlNode.Element element, byte[] data, JsonGenerator out) throws IOException {
        Map<String, List<Object>> children = new LinkedHashMap<>();
        List<XmlNode> text = new ArrayList<>();
        boolean eventData = element.name().equals("EventData");
        for (XmlNode node : element.content()) {
            if (node instanceof XmlNode.Element child) {
                XmlNode.Attribute name = eventData && child.name().equals("Data") ? child.attribute("Name") : null;
                if (name != null && !child.hasChildElements()) {
                    children.computeIfAbsent(text(name.value(), data), key -> new ArrayList<>()).add(child.content());
                } else {
                    children.computeIfAbsent(child.name(), key -> new ArrayList<>()).add(child);
                }
            } else if (node != Binder.NO_VALUE) {
                text.add(node);
            }
        }
        if (element.attributes().isEmpty() && children.isEmpty()) {
            if (text.isEmpty()) {
                out.writeNull();
            } else {
                content(text, data, out);
            }
            return;
        }
        out.writeStartObject();
        if (!element.attributes().isEmpty()) {
            out.writeObjectFieldStart("#attributes");
            for (XmlNode.Attribute attribute : element.attributes()) {
                out.writeFieldName(attribute.name());
                content(attribute.value(), data, out);
            }
            out.writeEndObject();
        }
        for (Map.Entry<String, List<Object>> child : children.entrySet()) {
            out.writeFieldName(child.getKey());
            List<Object> items = child.getValue();
            if (items.size() > 1) {
                out.writeStartArray();
            }
            for (Object item : items) {
                if (item instanceof XmlNode.Element nested) {
                    element(nested, data, out);
                } else {
                    @SuppressWarnings("unchecked")
                    List<XmlNode> content = (List<XmlNode>) item;
                    if (content.isEmpty()) {
                        out.writeNull();
                    } else {
                        content(content, data, out);
                    }
                }
            }
            if (items.size() > 1) {
                out.writeEndArray();
            }
        }
        if (!text.isEmpty()) {
            out.writeFieldName("#text");
            content(text, data, out);
        }
        out.writeEndObject();
    }

    /** Text content: one value keeps its type (numbers as numbers); several are joined as text. */
    private static void content(List<XmlNode> content, byte[] data, JsonGenerator out) throws IOException {
        if (content.size() == 1 && content.get(0) instanceof XmlNode.Bound bound) {
            Value value = ValueDecoder.value(data, bound.type(), bound.offset(), bound.size());
            if (value == null) {
                out.writeNull();
            } else if (value instanceof Value.Number number && DECIMAL.matcher(number.text()).matches()) {
                out.writeNumber(number.text());
            } else if (value instanceof Value.Bool bool) {
                out.writeBoolean(bool.value());
            } else if (value instanceof Value.Array array) {
                out.writeStartArray();
                for (Value item : array.items()) {
                    out.writeString(item.text());
                }
                out.writeEndArray();
            } else {
                out.writeString(value.text());
            }
            return;
        }
        out.writeString(text(content, data));
    }

    private static String text(List<XmlNode> content, byte[] data) {
        StringBuilder text = new StringBuilder();
        for (XmlNode node : content) {
            if (node instanceof XmlNode.Text literal) {
                text.append(literal.text());
            } else if (node instanceof XmlNode.Bound bound) {
                String value = ValueDecoder.text(data, bound.type(), bound.offset(), bound.size());
                if (value != null) {
                    text.append(value);
                }
            }
        }
        return text.toString();
    }
}
