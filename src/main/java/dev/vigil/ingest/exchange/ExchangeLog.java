package dev.vigil.ingest.exchange;

import java.util.Locale;

/**
 * The Exchange logs Vigil reads, each with its input format name and the {@code #Log-type} values that identify it.
 * The names are those of {@code --input-format}, {@code source_format} and rule test files.
 */
public enum ExchangeLog {
    /** {@code Logging\HttpProxy\<protocol>\HttpProxy_*.LOG}: one row per request the front end proxied. */
    HTTP_PROXY("exchange-httpproxy"),
    /** {@code Logging\ECP\Server\ECPServer*.LOG} and {@code Logging\ECP\Activity\ECPActivity_*.LOG}. */
    ECP("exchange-ecp"),
    /** {@code Logging\OABGeneratorLog\*.LOG}: the offline address book generator's progress and errors. */
    OAB_GENERATOR("exchange-oab");

    private final String formatName;

    ExchangeLog(String formatName) {
        this.formatName = formatName;
    }

    public String formatName() {
        return formatName;
    }

    /** Whether a {@code #Log-type:} value names this log (Exchange writes e.g. {@code HttpProxy Logs}, {@code ECP Server Log}). */
    boolean isLogType(String logType) {
        String lower = logType.strip().toLowerCase(Locale.ROOT);
        return switch (this) {
            case HTTP_PROXY -> lower.startsWith("httpproxy");
            case ECP -> lower.startsWith("ecp ");
            case OAB_GENERATOR -> lower.startsWith("oab");
        };
    }

    /** Whether a {@code #Fields} list is this log's even without a {@code #Log-type} line. */
    boolean isFieldList(String fields) {
        return switch (this) {
            case HTTP_PROXY -> fields.contains("AnchorMailbox") && fields.contains("UrlStem");
            case ECP -> fields.replace(" ", "").equalsIgnoreCase("TimeStamp,ServerName,EventId,EventData");
            case OAB_GENERATOR -> false;
        };
    }

    /** Whether a file name or path alone suggests this log (a weak hint, used when the header says nothing). */
    boolean isFileName(String path) {
        String lower = path.replace('\\', '/').toLowerCase(Locale.ROOT);
        String name = lower.substring(lower.lastIndexOf('/') + 1);
        return switch (this) {
            case HTTP_PROXY -> name.matches("httpproxy_[0-9]+(-[0-9]+)?\\.log");
            case ECP -> name.matches("ecp(server|activity)[_0-9-]*\\.log");
            case OAB_GENERATOR -> name.startsWith("oabgenerator") && name.endsWith(".log");
        };
    }

    /** Logs whose rows may be free text; a line with no {@code #Fields} in force becomes one {@code Message}. */
    boolean acceptsFreeText() {
        return this == OAB_GENERATOR;
    }
}
