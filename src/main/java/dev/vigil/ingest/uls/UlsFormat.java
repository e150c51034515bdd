package dev.vigil.ingest.uls;

import dev.vigil.ingest.EventReader;
import dev.vigil.ingest.InputFormat;
import dev.vigil.ingest.ProblemListener;

import java.io.IOException;
import java.io.InputStream;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;

import static java.util.Objects.requireNonNull;

/**
 * SharePoint ULS trace logs ({@code …\Web Server Extensions\16\LOGS\SERVER-yyyyMMdd-HHmm.log}, and the output of
 * {@code Merge-SPLogFile}). ULS writes its timestamps in the server's local time without a zone; this format reads
 * them in the zone it is given ({@code --uls-time-zone}, UTC by default), and keeps the text as written in
 * {@code Timestamp}.
 */
public final class UlsFormat implements InputFormat {
    public static final String NAME = "sharepoint-uls";

    private final ZoneId zone;

    /** Timestamps read as UTC. */
    public UlsFormat() {
        this(ZoneOffset.UTC);
    }

    public UlsFormat(ZoneId zone) {
        this.zone = requireNonNull(zone, "zone is null");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int sniff(String fileName, byte[] head, int length) {
        String text = UlsText.decodeHead(head, length);
        int end = text.indexOf('\n');
        String first = (end < 0 ? text : text.substring(0, end)).strip();
        if (first.startsWith("Timestamp") && first.indexOf('\t') > 0) {
            String lower = first.toLowerCase(Locale.ROOT);
            if (lower.contains("\tprocess") && lower.contains("\tmessage")) {
                return 95;
            }
        }
        // A fragment without its header (cut from a larger file): ULS data lines have a distinctive start.
        if (UlsReader.looksLikeDataLine(first)) {
            return 70;
        }
        return 0;
    }

    @Override
    public EventReader open(InputStream input, String source, ProblemListener problems) throws IOException {
        return new UlsReader(UlsText.reader(input), source, zone, problems);
    }
}
