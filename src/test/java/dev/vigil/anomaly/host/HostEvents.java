package dev.vigil.anomaly.host;

import dev.vigil.engine.Detector;
import dev.vigil.engine.Placeholders;
import dev.vigil.event.FieldEvent;
import dev.vigil.event.Origin;
import dev.vigil.rules.RuleLoader;
import dev.vigil.rules.mapping.MappingLoader;

import java.time.Instant;

/** Windows events with the EVTX reader's canonical names, seen through the built-in mapping as the runtime sees them. */
final class HostEvents {
    private static final Detector VIEW = Detector.compile(new RuleLoader().build(), MappingLoader.builtIn(), Placeholders.NONE).detector();
    private static long record;

    private HostEvents() {
    }

    /** An event of the given channel and id on a host, with name/value pairs for its other fields. */
    static Detector.Inspection event(String computer, String channel, int id, String time, String... fields) {
        FieldEvent.Builder builder = FieldEvent.builder(new Origin("test.evtx", "evtx", ++record))
                .put("Computer", computer).put("Channel", channel).put("EventID", Integer.toString(id))
                .timestamp(Instant.parse(time));
        for (int i = 0; i < fields.length; i += 2) {
            builder.put(fields[i], fields[i + 1]);
        }
        return VIEW.inspect(builder.build());
    }

    static Detector.Inspection sysmonProcess(String computer, String time, String parent, String image) {
        return event(computer, "Microsoft-Windows-Sysmon/Operational", 1, time, "ParentImage", parent, "Image", image);
    }
}
