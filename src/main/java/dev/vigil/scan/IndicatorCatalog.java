package dev.vigil.scan;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Every indicator a sweep uses: the bundled ones ({@code locations.yml}, {@code hashes.yml}, {@code content.yml},
 * {@code webroots.yml} beside this class) and any hashes the user adds. Immutable; one catalog serves every worker.
 */
public final class IndicatorCatalog {
    private final List<Indicator.Location> locations;
    private final Pattern anyLocationName;
    private final Map<String, Indicator.Hash> hashes;
    private final List<Indicator.Content> contents;
    private final ContentMatcher contentMatcher;
    private final Set<String> contentExtensions;
    private final List<Indicator.RecentChange> webRoots;
    private final Set<String> activeExtensions;

    private IndicatorCatalog(List<Indicator.Location> locations, Map<String, Indicator.Hash> hashes,
                             List<Indicator.Content> contents, Set<String> contentExtensions,
                             List<Indicator.RecentChange> webRoots, Set<String> activeExtensions) {
        this.locations = List.copyOf(locations);
        List<String> names = new ArrayList<>();
        locations.forEach(location -> names.addAll(location.names()));
        this.anyLocationName = PathGlob.anyName(names);
        this.hashes = Collections.unmodifiableMap(new LinkedHashMap<>(hashes));
        this.contents = List.copyOf(contents);
        this.contentMatcher = new ContentMatcher(contents);
        this.contentExtensions = Set.copyOf(contentExtensions);
        this.webRoots = List.copyOf(webRoots);
        this.activeExtensions = Set.copyOf(activeExtensions);
    }

    /** The bundled indicators. */
    public static IndicatorCatalog builtIn() {
        List<Indicator.Location> locations = new ArrayList<>();
        for (IndicatorFile.Entry entry : IndicatorFile.entries("locations.yml", resource("locations.yml"), null)) {
            String folder = entry.optionalText("folder");
            List<String> names = entry.texts("names");
            try {
                locations.add(new Indicator.Location(entry.about(), folder, names, PathGlob.file(folder, names)));
            } catch (IllegalArgumentException e) {
                throw entry.failure(e.getMessage());
            }
        }
        Map<String, Indicator.Hash> hashes = new LinkedHashMap<>();
        for (IndicatorFile.Entry entry : IndicatorFile.entries("hashes.yml", resource("hashes.yml"), null)) {
            About about = entry.about();
            for (String line : entry.texts("hashes")) {
                String[] parts = line.strip().split("\\s+", 2);
                String hex = parts[0].toLowerCase(Locale.ROOT);
                if (!HashList.isSha256(hex)) {
                    throw entry.failure("not a full SHA-256: '" + parts[0] + "'");
                }
                if (hashes.putIfAbsent(hex, new Indicator.Hash(about, hex, parts.length > 1 ? parts[1] : "")) != null) {
                    throw entry.failure("SHA-256 listed twice: " + hex);
                }
            }
        }
        String content = resource("content.yml");
        List<Indicator.Content> contents = new ArrayList<>();
        for (IndicatorFile.Entry entry : IndicatorFile.entries("content.yml", content, "indicators")) {
            String confirm = entry.optionalText("confirm");
            try {
                contents.add(new Indicator.Content(entry.about(), entry.groups("all"),
                        confirm == null ? null : Pattern.compile(confirm), entry.flag("generic")));
            } catch (IllegalArgumentException | PatternSyntaxException e) {
                throw entry.failure(e.getMessage());
            }
        }
        Set<String> extensions = extensions(IndicatorFile.strings("content.yml", content, "extensions"));
        String roots = resource("webroots.yml");
        Set<String> active = extensions(IndicatorFile.strings("webroots.yml", roots, "active_extensions"));
        List<Indicator.RecentChange> webRoots = new ArrayList<>();
        for (IndicatorFile.Entry entry : IndicatorFile.entries("webroots.yml", roots, "roots")) {
            String folder = entry.text("folder");
            try {
                webRoots.add(new Indicator.RecentChange(entry.about(), folder, PathGlob.under(folder)));
            } catch (IllegalArgumentException e) {
                throw entry.failure(e.getMessage());
            }
        }
        return new IndicatorCatalog(locations, hashes, contents, extensions, webRoots, active);
    }

    private static Set<String> extensions(List<String> listed) {
        Set<String> extensions = new LinkedHashSet<>();
        for (String extension : listed) {
            extensions.add(extension.toLowerCase(Locale.ROOT).replaceFirst("^\\.", ""));
        }
        return extensions;
    }

    /** This catalog with more hash indicators; a hash already known keeps its bundled description. */
    public IndicatorCatalog withHashes(List<Indicator.Hash> more) {
        Map<String, Indicator.Hash> all = new LinkedHashMap<>(hashes);
        for (Indicator.Hash hash : more) {
            all.putIfAbsent(hash.sha256(), hash);
        }
        return new IndicatorCatalog(locations, all, contents, contentExtensions, webRoots, activeExtensions);
    }

    public List<Indicator.Location> locations() {
        return locations;
    }

    public Map<String, Indicator.Hash> hashes() {
        return hashes;
    }

    public List<Indicator.Content> contents() {
        return contents;
    }

    public Set<String> contentExtensions() {
        return contentExtensions;
    }

    public List<Indicator.RecentChange> webRoots() {
        return webRoots;
    }

    /** Extensions of what a web server runs or loads: a recent change to anything else in a web root is low. */
    public Set<String> activeExtensions() {
        return activeExtensions;
    }

    /** The first location indicator for this normalised path (most specific first, as the file lists them). */
    Indicator.Location location(String normalizedPath, String normalizedName) {
        if (!anyLocationName.matcher(normalizedName).matches()) {
            return null;
        }
        for (Indicator.Location location : locations) {
            if (location.path().matcher(normalizedPath).find()) {
                return location;
            }
        }
        return null;
    }

    /** The first web root holding this normalised path, or {@code null}. */
    Indicator.RecentChange webRoot(String normalizedPath) {
        for (Indicator.RecentChange root : webRoots) {
            if (root.path().matcher(normalizedPath).find()) {
                return root;
            }
        }
        return null;
    }

    ContentMatcher contentMatcher() {
        return contentMatcher;
    }

    private static String resource(String name) {
        try (InputStream input = IndicatorCatalog.class.getResourceAsStream(name)) {
            if (input == null) {
                throw new IllegalStateException("bundled indicator file missing: " + name);
            }
            return new String(input.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
