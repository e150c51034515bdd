package dev.vigil.ingest.evtx;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields of an event and, for each, the XML content its value is made of. The flattening follows the names
 * Sigma rules use for Windows events:
 * <ul>
 *   <li>{@code System/X} is {@code X}; an attribute {@code A} of it is {@code X_A} ({@code Provider_Name},
 *       {@code Execution_ProcessID}, {@code TimeCreated_SystemTime}, {@code EventID_Qualifiers});</li>
 *   <li>{@code EventData/Data} is named by its {@code Name} attribute; unnamed ones are {@code Data} (a list when
 *       there are several); any other child of EventData, and the leaves of UserData and of the other sections,
 *       go by their element name;</li>
 *   <li>an attribute {@code A} of EventData itself is {@code EventData_A};</li>
 *   <li>{@code RenderingInfo} is left out: it is the viewer's text, not the event's data.</li>
 * </ul>
 * A name that repeats gathers its values into a list.
 */
final class Layout {
    /** Marks a template whose field names depend on its values; its records take the binding path. */
    static final Layout DYNAMIC = new Layout(new String[0], List.of());

    /** The names, shared by every layout with the same names in the same order. */
    final FieldNames fieldNames;
    final String[] names;
    /** Per field, its items (usually one); each item is the content that makes one value. */
    final List<List<List<XmlNode>>> items;

    private Layout(String[] names, List<List<List<XmlNode>>> items) {
        this.fieldNames = FieldNames.of(names);
        this.names = fieldNames.names;
        this.items = items;
    }

    /** The field's position, or -1. */
    int indexOf(String name) {
        return fieldNames.indexOf(name);
    }

    int size() {
        return names.length;
    }

    /** The layout of a template's records, or {@link #DYNAMIC} when a Data name is a substitution. */
    static Layout ofTemplate(XmlNode.Element root) {
        Builder builder = new Builder(null);
        return builder.event(root) ? builder.build() : DYNAMIC;
    }

    /** The layout of a bound tree (no placeholders left); names made of values are decoded from the chunk. */
    static Layout ofBound(XmlNode.Element root, byte[] data) {
        Builder builder = new Builder(data);
        builder.event(root);
        return builder.build();
    }

    private static final class Builder {
        private final byte[] data;
        private final Map<String, List<List<XmlNode>>> fields = new LinkedHashMap<>();

        Builder(byte[] data) {
            this.data = data;
        }

        /** False when a name could not be known from the tree alone. */
        boolean event(XmlNode.Element event) {
            boolean known = true;
            for (XmlNode node : event.content()) {
                if (!(node instanceof XmlNode.Element section)) {
                    continue;
                }
                switch (section.name()) {
                    case "System" -> system(section);
                    case "EventData" -> known &= eventData(section);
                    case "RenderingInfo" -> {
                        // the viewer's rendering, not event data
                    }
                    default -> leaves(section);
                }
            }
            return known;
        }

        private void system(XmlNode.Element system) {
            for (XmlNode node : system.content()) {
                if (node instanceof XmlNode.Element element) {
                    if (element.hasChildElements()) {
                        leaves(element);
                        continue;
                    }
                    if (!element.content().isEmpty()) {
                        add(element.name(), element.content());
                    }
                    for (XmlNode.Attribute attribute : element.attributes()) {
                        add(element.name() + "_" + attribute.name(), attribute.value());
                    }
                }
            }
        }

        private boolean eventData(XmlNode.Element eventData) {
            boolean known = true;
            for (XmlNode.Attribute attribute : eventData.attributes()) {
                add("EventData_" + attribute.name(), attribute.value());
            }
            for (XmlNode node : eventData.content()) {
                if (!(node instanceof XmlNode.Element element)) {
                    continue;
                }
                XmlNode.Attribute name = element.name().equals("Data") ? element.attribute("Name") : null;
                if (name == null) {
                    if (element.hasChildElements()) {
                        leaves(element);
                    } else {
                        add(element.name(), element.content());
                    }
                    continue;
                }
                String fieldName = staticText(name.value());
                if (fieldName == null) {
                    known = false;
                } else {
                    add(fieldName, element.content());
                }
            }
            return known;
        }

        /** Every element without child elements, by its own name; its attributes as {@code Element_Attribute}. */
        private void leaves(XmlNode.Element element) {
            boolean children = false;
            for (XmlNode node : element.content()) {
                if (node instanceof XmlNode.Element child) {
                    children = true;
                    leaves(child);
                }
            }
            if (!children && !element.content().isEmpty()) {
                add(element.name(), element.content());
            }
            for (XmlNode.Attribute attribute : element.attributes()) {
                if (!attribute.name().equals("xmlns") && !attribute.name().startsWith("xmlns:")) {
                    add(element.name() + "_" + attribute.name(), attribute.value());
                }
            }
        }

        private String staticText(List<XmlNode> content) {
            StringBuilder text = new StringBuilder();
            for (XmlNode node : content) {
                if (node instanceof XmlNode.Text literal) {
                    text.append(literal.text());
                } else if (node instanceof XmlNode.Bound value && data != null) {
                    String decoded = ValueDecoder.text(data, value.type(), value.offset(), value.size());
                    text.append(decoded == null ? "" : decoded);
                } else {
                    return null;
                }
            }
            return text.toString();
        }

        private void add(String name, List<XmlNode> content) {
            fields.computeIfAbsent(name, key -> new ArrayList<>(1)).add(content);
        }

        Layout build() {
            String[] names = fields.keySet().toArray(new String[0]);
            List<List<List<XmlNode>>> items = new ArrayList<>(fields.values());
            return new Layout(names, items);
        }
    }
}
