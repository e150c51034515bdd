package dev.vigil.runtime.output;

import dev.vigil.event.Event;

/** A one-line excerpt of an event for tables and timelines: the raw line when there is one, else key=value pairs. */
final class EventSummary {
    private EventSummary() {
    }

    static String summarize(Event event, int maximum) {
        String text;
        if (event.rawText() != null) {
            text = event.rawText().strip();
        } else {
            StringBuilder builder = new StringBuilder();
            event.forEachField((name, value) -> {
                if (builder.length() < maximum && !value.text().isEmpty()) {
                    if (builder.length() > 0) {
                        builder.append(' ');
                    }
                    builder.append(shortName(name)).append('=').append(value.text());
                }
            });
            text = builder.toString();
        }
        text = text.replace('\n', ' ').replace('\r', ' ').replace('\t', ' ');
        return text.length() <= maximum ? text : text.substring(0, Math.max(0, maximum - 1)) + "…";
    }

    private static String shortName(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? name : name.substring(dot + 1);
    }
}
