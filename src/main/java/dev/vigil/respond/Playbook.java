package dev.vigil.respond;

import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A response playbook: what to do about one kind of incident, as Markdown. The title is the text of the first
 * {@code # } heading; the sections are the {@code ## } headings in order.
 */
public record Playbook(String name, String title, String markdown) {
    public Playbook {
        requireNonNull(name, "name is null");
        requireNonNull(title, "title is null");
        requireNonNull(markdown, "markdown is null");
    }

    /** Reads a playbook from its Markdown text; the first line must be a {@code # } heading. */
    static Playbook parse(String name, String markdown) {
        int end = markdown.indexOf('\n');
        String first = end < 0 ? markdown : markdown.substring(0, end);
        if (!first.startsWith("# ") || first.length() < 3) {
            throw new IllegalArgumentException("playbook '" + name + "' does not start with a '# ' title line");
        }
        return new Playbook(name, first.substring(2).strip(), markdown);
    }

    /** The {@code ## } section headings, in order. */
    public List<String> sections() {
        List<String> sections = new ArrayList<>();
        for (String line : markdown.split("\n")) {
            if (line.startsWith("## ")) {
                sections.add(line.substring(3).strip());
            }
        }
        return sections;
    }
}
