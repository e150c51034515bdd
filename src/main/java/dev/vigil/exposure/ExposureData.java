package dev.vigil.exposure;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import static java.util.Objects.requireNonNull;

/**
 * Everything an exposure check reads: the Exchange build table, the SharePoint thresholds, a KEV catalogue and
 * Vigil's settings. {@link #bundled()} loads the files shipped inside Vigil; {@link #withKev} swaps in a newer
 * catalogue.
 */
public final class ExposureData {
    /** Where the bundled files live on the class path. */
    public static final String RESOURCE_FOLDER = "/dev/vigil/exposure/";
    public static final String EXCHANGE_BUILDS = "exchange-builds.json";
    public static final String SHAREPOINT_THRESHOLDS = "sharepoint-thresholds.json";
    public static final String KEV = "kev-microsoft-servers.json";
    public static final String SETTINGS = "exposure.json";

    private final ExchangeBuilds exchange;
    private final SharePointThresholds sharePoint;
    private final KevCatalog kev;
    private final Settings settings;

    private ExposureData(ExchangeBuilds exchange, SharePointThresholds sharePoint, KevCatalog kev, Settings settings) {
        this.exchange = requireNonNull(exchange, "exchange is null");
        this.sharePoint = requireNonNull(sharePoint, "sharePoint is null");
        this.kev = requireNonNull(kev, "kev is null");
        this.settings = requireNonNull(settings, "settings is null");
    }

    /** The data shipped inside Vigil. A problem here is a packaging bug, so it is thrown as an unchecked error. */
    public static ExposureData bundled() {
        try {
            return new ExposureData(ExchangeBuilds.read(tree(EXCHANGE_BUILDS), EXCHANGE_BUILDS),
                    SharePointThresholds.read(tree(SHAREPOINT_THRESHOLDS), SHAREPOINT_THRESHOLDS),
                    readKev(KEV), Settings.read(tree(SETTINGS), SETTINGS));
        } catch (IOException e) {
            throw new UncheckedIOException("bundled exposure data cannot be read", e);
        }
    }

    /** The same data with another KEV catalogue (a newer one given with {@code --kev}). */
    public ExposureData withKev(KevCatalog catalogue) {
        return new ExposureData(exchange, sharePoint, catalogue, settings);
    }

    public ExchangeBuilds exchange() {
        return exchange;
    }

    public SharePointThresholds sharePoint() {
        return sharePoint;
    }

    public KevCatalog kev() {
        return kev;
    }

    Settings settings() {
        return settings;
    }

    private static JsonTree.Node tree(String name) throws IOException {
        try (InputStream input = open(name)) {
            return JsonTree.parse(input, name);
        }
    }

    private static KevCatalog readKev(String name) throws IOException {
        try (InputStream input = open(name)) {
            return KevCatalog.read(input, "bundled " + name);
        }
    }

    private static InputStream open(String name) throws IOException {
        InputStream input = ExposureData.class.getResourceAsStream(RESOURCE_FOLDER + name);
        if (input == null) {
            throw new IOException("resource " + RESOURCE_FOLDER + name + " is missing from the build");
        }
        return input;
    }
}
