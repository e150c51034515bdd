package dev.vigil.ingest;

import dev.vigil.ingest.apache.CombinedLogFormat;
import dev.vigil.ingest.apache.ErrorLogFormat;
import dev.vigil.ingest.csv.CsvFormat;
import dev.vigil.ingest.evtx.EvtxFormat;
import dev.vigil.ingest.exchange.ExchangeLog;
import dev.vigil.ingest.exchange.ExchangeLogFormat;
import dev.vigil.ingest.http.HttpRequestFormat;
import dev.vigil.ingest.json.JsonFormat;
import dev.vigil.ingest.m365.M365AuditCsvFormat;
import dev.vigil.ingest.syslog.SyslogFormat;
import dev.vigil.ingest.uls.UlsFormat;
import dev.vigil.ingest.w3c.W3cFormat;

import java.time.Clock;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * The formats Vigil can read: lookup by the name users give with {@code --input-format}, and detection from a
 * file's name and first bytes. Immutable; build the standard set with {@link #standard(Clock)}.
 */
public final class InputFormats {
    /** How many leading bytes detection looks at (after decompression). */
    public static final int HEAD_BYTES = 64 * 1024;

    private final List<InputFormat> formats;

    /** The given formats, in order of preference when two sniff the same score. Names must be unique. */
    public InputFormats(List<InputFormat> formats) {
        this.formats = List.copyOf(requireNonNull(formats, "formats is null"));
        Set<String> names = new HashSet<>();
        for (InputFormat format : this.formats) {
            if (!names.add(format.name())) {
                throw new IllegalArgumentException("two input formats are named '" + format.name() + "'");
            }
        }
    }

    /** Every built-in format. The clock gives the year to syslog lines that lack one when the file's time is unknown. */
    public static InputFormats standard(Clock clock) {
        return standard(clock, false);
    }

    /** Every built-in format; with {@code carve}, the EVTX reader also recovers records from slack space. */
    public static InputFormats standard(Clock clock, boolean carve) {
        return standard(clock, carve, ZoneOffset.UTC);
    }

    /**
     * Every built-in format; {@code localZone} is the zone of logs that write local time without saying which
     * (SharePoint ULS).
     */
    public static InputFormats standard(Clock clock, boolean carve, ZoneId localZone) {
        return new InputFormats(List.of(
                new EvtxFormat(carve),
                new JsonFormat(),
                new W3cFormat(),
                new ExchangeLogFormat(ExchangeLog.HTTP_PROXY),
                new ExchangeLogFormat(ExchangeLog.ECP),
                new ExchangeLogFormat(ExchangeLog.OAB_GENERATOR),
                new CombinedLogFormat(),
                new ErrorLogFormat(),
                new SyslogFormat(clock),
                new UlsFormat(localZone),
                new M365AuditCsvFormat(),
                new CsvFormat(),
                new HttpRequestFormat()));
    }

    public List<InputFormat> all() {
        return formats;
    }

    public List<String> names() {
        return formats.stream().map(InputFormat::name).toList();
    }

    public Optional<InputFormat> find(String name) {
        return formats.stream().filter(format -> format.name().equals(name)).findFirst();
    }

    /** The format with this name; throws {@link UnknownInputFormatException} listing the valid names otherwise. */
    public InputFormat byName(String name) {
        return find(name).orElseThrow(() -> new UnknownInputFormatException(name, names()));
    }

    /**
     * The format that scores highest for a file with this name starting with these (decompressed) bytes; empty
     * when every format scores 0. Ties go to the format registered first.
     */
    public Optional<InputFormat> detect(String fileName, byte[] head, int length) {
        requireNonNull(fileName, "fileName is null");
        requireNonNull(head, "head is null");
        if (length < 0 || length > head.length) {
            throw new IllegalArgumentException("length " + length + " outside the head of " + head.length + " bytes");
        }
        InputFormat best = null;
        int bestScore = 0;
        for (InputFormat format : formats) {
            int score = format.sniff(fileName, head, length);
            if (score > bestScore) {
                best = format;
                bestScore = score;
            }
        }
        return Optional.ofNullable(best);
    }
}
