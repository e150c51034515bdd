package dev.vigil.exposure;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Vigil's own exposure settings ({@code exposure.json}); see the README beside the data files. */
record Settings(Map<Family, KevMatch> families, Map<String, ProductOption> productOptions, List<Range> sharePointRanges,
                Map<String, String> sharePointEndOfLife, Map<String, String> playbooks) {

    /** Which KEV entries belong to a family: the vendor, and any of these words in the entry's product. */
    record KevMatch(String vendorProject, List<String> productContains) {
        boolean matches(KevEntry entry) {
            return entry.vendorProject().equals(vendorProject) && productContains.stream().anyMatch(entry.product()::contains);
        }
    }

    /** A name {@code --product} accepts: its family, and the product it fixes (empty: inferred from the build). */
    record ProductOption(Family family, Optional<String> product) {
    }

    /** SharePoint builds {@code major.minor.from.*} to {@code major.minor.to.*} (third part, inclusive). */
    record Range(String product, String major, long from, long to) {
        boolean contains(Build build) {
            return build.majorMinor().equals(major) && build.build() >= from && build.build() <= to;
        }
    }

    Settings {
        families = java.util.Collections.unmodifiableMap(new EnumMap<>(families));
        productOptions = Map.copyOf(productOptions);
        sharePointRanges = List.copyOf(sharePointRanges);
        sharePointEndOfLife = Map.copyOf(sharePointEndOfLife);
        playbooks = Map.copyOf(playbooks);
    }

    Optional<Family> familyOf(KevEntry entry) {
        for (Map.Entry<Family, KevMatch> family : families.entrySet()) {
            if (family.getValue().matches(entry)) {
                return Optional.of(family.getKey());
            }
        }
        return Optional.empty();
    }

    static Settings read(JsonTree.Node root, String source) {
        JsonTree.Fields file = JsonTree.Fields.of(root, source, "exposure settings");
        Map<Family, KevMatch> families = new EnumMap<>(Family.class);
        JsonTree.Fields familyFields = file.fields("families");
        for (Family family : Family.values()) {
            JsonTree.Fields match = familyFields.fields(family.label());
            families.put(family, new KevMatch(match.text("kevVendorProject"), match.textList("kevProductContains")));
        }
        Map<String, ProductOption> options = new LinkedHashMap<>();
        JsonTree.Fields optionFields = file.fields("productOptions");
        for (String name : optionFields.object().members().keySet()) {
            JsonTree.Fields option = optionFields.fields(name);
            String familyName = option.text("family");
            Family family = null;
            for (Family candidate : Family.values()) {
                if (candidate.label().equals(familyName)) {
                    family = candidate;
                }
            }
            if (family == null) {
                throw option.error(option.required("family"), "unknown family '" + familyName + "'");
            }
            options.put(name, new ProductOption(family, option.optionalText("product")));
        }
        List<Range> ranges = new ArrayList<>();
        JsonTree.Fields rangeFields = file.fields("sharepointRanges");
        for (JsonTree.Node node : rangeFields.array("ranges").items()) {
            JsonTree.Fields range = JsonTree.Fields.of(node, source, rangeFields.where() + ".ranges");
            ranges.add(new Range(range.text("product"), range.text("major"), range.integer("from"), range.integer("to")));
        }
        return new Settings(families, options, ranges, textMap(file.fields("sharepointEndOfLife")),
                textMap(file.fields("playbooks")));
    }

    private static Map<String, String> textMap(JsonTree.Fields fields) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String key : fields.object().members().keySet()) {
            map.put(key, fields.text(key));
        }
        return map;
    }
}
