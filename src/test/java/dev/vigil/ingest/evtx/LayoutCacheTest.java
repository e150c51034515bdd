package dev.vigil.ingest.evtx;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Layouts are shared by template trees that are equal as values ({@link Layout#ofTemplate}): chunks parse their own
 * trees (new Strings and nodes each time), and an equal tree must give the same fields, each made of the same content.
 */
class LayoutCacheTest {
    private static XmlNode.Element tree(String channel, int imageIndex, String dataName) {
        XmlNode.Element system = new XmlNode.Element(new String("System"), List.of(), List.of(
                new XmlNode.Element(new String("EventID"), List.of(), List.of(new XmlNode.Sub(3, false))),
                new XmlNode.Element("Channel", List.of(), List.of(new XmlNode.Text(new String(channel))))));
        XmlNode.Element data = new XmlNode.Element("Data",
                List.of(new XmlNode.Attribute("Name", List.of(new XmlNode.Text(new String(dataName))))),
                List.of(new XmlNode.Sub(imageIndex, true)));
        XmlNode.Element eventData = new XmlNode.Element("EventData", List.of(), List.of(data));
        return new XmlNode.Element("Event", List.of(), List.of(system, eventData));
    }

    @Test
    void equalTreesShareALayoutAndOthersDoNot() {
        Layout first = Layout.ofTemplate(tree("Security", 7, "Image"));
        Layout again = Layout.ofTemplate(tree("Security", 7, "Image"));
        assertThat(again).isSameAs(first);
        assertThat(first.names).containsExactly("EventID", "Channel", "Image");
        assertThat(first.items.get(2)).isEqualTo(List.of(List.of(new XmlNode.Sub(7, true))));

        Layout otherIndex = Layout.ofTemplate(tree("Security", 8, "Image"));
        assertThat(otherIndex).isNotSameAs(first);
        assertThat(otherIndex.items.get(2)).isEqualTo(List.of(List.of(new XmlNode.Sub(8, true))));
        Layout otherText = Layout.ofTemplate(tree("System", 7, "Image"));
        assertThat(otherText.items.get(1)).isEqualTo(List.of(List.of(new XmlNode.Text("System"))));
        Layout otherName = Layout.ofTemplate(tree("Security", 7, "CommandLine"));
        assertThat(otherName.names).containsExactly("EventID", "Channel", "CommandLine");
    }

    @Test
    void theCacheStaysWithinItsBound() {
        Layout first = Layout.ofTemplate(tree("Bound", 0, "N0"));
        for (int i = 1; i <= Layout.MAX_TREES + 5; i++) {
            Layout layout = Layout.ofTemplate(tree("Bound", i, "N" + i));
            assertThat(layout.names).containsExactly("EventID", "Channel", "N" + i);
            assertThat(Layout.cachedTrees()).isBetween(1, Layout.MAX_TREES);
        }
        // Emptied on the way, so the first tree's layout is built again, equal but not the same.
        Layout rebuilt = Layout.ofTemplate(tree("Bound", 0, "N0"));
        assertThat(rebuilt).isNotSameAs(first);
        assertThat(rebuilt.names).containsExactly(first.names);
        assertThat(rebuilt.items).isEqualTo(first.items);
    }
}
