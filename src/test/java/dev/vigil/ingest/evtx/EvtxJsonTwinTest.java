package dev.vigil.ingest.evtx;

import dev.vigil.event.Event;
import dev.vigil.event.Value;
import dev.vigil.ingest.InputFiles;
import dev.vigil.ingest.InputFormats;
import dev.vigil.testing.SharedData;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SigmaHQ's regression data holds each {@code .evtx} file with a {@code .json} twin written by evtx_dump (the Rust
 * parser). Every field of every twin must be in our record with the same value, up to three documented
 * differences of rendering: evtx_dump writes GUIDs without braces, times to the microsecond (or to the nanosecond) rather than to 100 ns,
 * and trims trailing spaces, where Vigil keeps what Windows shows.
 */
class EvtxJsonTwinTest {

    @Test
    void everyFieldOfEveryJsonTwinIsInTheEvtxRecordWithTheSameValue() throws Exception {
        Path root = SharedData.require("sigma/regression_data");
        InputFiles files = new InputFiles(InputFormats.standard(Clock.systemUTC()), problem -> {
            throw new AssertionError(problem.toString());
        });
        List<String> differences = new ArrayList<>();
        int compared = 0;
        List<Path> evtxFiles = EvtxFiles.under(root);
        assertThat(evtxFiles).hasSizeGreaterThanOrEqualTo(200);
        for (Path evtx : evtxFiles) {
            Path json = Path.of(evtx.toString().replaceFirst("\\.evtx$", ".json"));
            List<Event> records = EvtxFiles.drain(files.open(evtx));
            List<Event> twins = EvtxFiles.drain(files.open(json));
            assertThat(records).as(evtx.toString()).hasSameSizeAs(twins);
            for (int i = 0; i < records.size(); i++) {
                Event record = records.get(i);
                for (Map.Entry<String, String> twin : EvtxFiles.fields(twins.get(i)).entrySet()) {
                    String name = ourName(twin.getKey());
                    if (name == null) {
                        continue;
                    }
                    compared++;
                    Value ours = record.get(name);
                    if (ours == null || !normal(ours.text()).equals(normal(twin.getValue()))) {
                        differences.add(root.relativize(evtx) + " #" + i + " " + name + ": ours "
                                + (ours == null ? "absent" : "'" + ours.text() + "'") + ", evtx_dump '" + twin.getValue() + "'");
                    }
                }
            }
        }
        System.out.printf("EVTX vs evtx_dump JSON twins: %d files, %d field values compared, %d differ%n",
                evtxFiles.size(), compared, differences.size());
        assertThat(compared).isGreaterThan(5000);
        assertThat(differences).isEmpty();
    }

    /** Our name for a flattened evtx_dump JSON field, or {@code null} for the ones that carry no event data. */
    private static String ourName(String jsonName) {
        if (jsonName.startsWith("Event.#attributes.") || jsonName.endsWith(".#attributes.xmlns")) {
            return null;
        }
        if (jsonName.equals("Event.System.Correlation") || jsonName.equals("Event.System.Security")) {
            return null; // elements whose attributes are all NULL: evtx_dump writes null, we have no field
        }
        String name = jsonName
                .replaceFirst("^Event\\.System\\.", "")
                .replaceFirst("^Event\\.EventData\\.#attributes\\.", "EventData_")
                .replaceFirst("^Event\\.EventData\\.", "")
                .replaceFirst("^Event\\.UserData\\.[^.]+\\.", "");
        return name.replace(".#attributes.", "_").replace(".#text", "");
    }

    private static String normal(String text) {
        String value = text.strip();
        if (value.matches("\\{[0-9A-Fa-f-]{36}}")) {
            value = value.substring(1, value.length() - 1);
        }
        if (value.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6,9}Z")) {
            value = value.substring(0, 26) + "Z";
        }
        return value.toUpperCase(java.util.Locale.ROOT);
    }
}
