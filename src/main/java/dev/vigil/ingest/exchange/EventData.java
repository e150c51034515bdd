package dev.vigil.ingest.exchange;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code EventData} column of ECP logs: {@code S:KEY=value;} entries (other type tags such as {@code I32:},
 * {@code Dbl:}, {@code F:} carry counters). Values are not escaped and a command line may hold {@code ;} (an injected
 * {@code eval(...);}), so an entry ends only at a {@code ;} that starts another tagged entry, not at every {@code ;}.
 */
final class EventData {
    private static final Pattern ENTRY = Pattern.compile("(?:^|;)([A-Za-z][A-Za-z0-9]{0,3}):([A-Za-z0-9_.\\-\\[\\]]+)=");

    private EventData() {
    }

    /** The string ({@code S:}) entries by key, in order; the first of a repeated key wins. */
    static Map<String, String> strings(String eventData) {
        Map<String, String> entries = new LinkedHashMap<>();
        Matcher matcher = ENTRY.matcher(eventData);
        String tag = null;
        String key = null;
        int valueStart = 0;
        while (matcher.find()) {
            if (key != null) {
                add(entries, tag, key, eventData.substring(valueStart, matcher.start()));
            }
            tag = matcher.group(1);
            key = matcher.group(2);
            valueStart = matcher.end();
        }
        if (key != null) {
            String value = eventData.substring(valueStart);
            add(entries, tag, key, value.endsWith(";") ? value.substring(0, value.length() - 1) : value);
        }
        return entries;
    }

    private static void add(Map<String, String> entries, String tag, String key, String value) {
        if (tag.equals("S")) {
            entries.putIfAbsent(key, value);
        }
    }
}
