package dev.vigil.exposure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SharePoint table ({@code sharepoint-thresholds.json}): for each CVE and product, the first fixed build, or
 * none when the source lists no fixed build for that product (a JSON {@code null}, which makes no claim).
 */
public final class SharePointThresholds {
    private final List<String> products;
    /** CVE → product → first fixed build; a product present with an empty value is a listed {@code null}. */
    private final Map<String, Map<String, Optional<Build>>> thresholds;

    SharePointThresholds(List<String> products, Map<String, Map<String, Optional<Build>>> thresholds) {
        this.products = List.copyOf(products);
        Map<String, Map<String, Optional<Build>>> copy = new LinkedHashMap<>();
        thresholds.forEach((cve, byProduct) -> copy.put(cve, Map.copyOf(byProduct)));
        this.thresholds = copy;
    }

    public List<String> products() {
        return products;
    }

    /** The CVEs of the table, in file order. */
    public List<String> cves() {
        return List.copyOf(thresholds.keySet());
    }

    /**
     * The first fixed build of the CVE on the product: empty when the table has no cell for them, an empty
     * inner value when the cell is {@code null}.
     */
    public Optional<Optional<Build>> threshold(String cve, String product) {
        Map<String, Optional<Build>> byProduct = thresholds.get(cve);
        return byProduct == null ? Optional.empty() : Optional.ofNullable(byProduct.get(product));
    }

    /** Reads {@code sharepoint-thresholds.json}; every CVE must give a cell (a build or null) for every product. */
    static SharePointThresholds read(JsonTree.Node root, String source) {
        JsonTree.Fields file = JsonTree.Fields.of(root, source, "sharepoint thresholds");
        List<String> products = file.textList("products");
        Map<String, Map<String, Optional<Build>>> thresholds = new LinkedHashMap<>();
        JsonTree.Fields cves = file.fields("cves");
        for (String cve : cves.object().members().keySet()) {
            JsonTree.Fields cells = cves.fields(cve);
            Map<String, Optional<Build>> byProduct = new LinkedHashMap<>();
            for (String product : products) {
                byProduct.put(product, cells.nullableText(product).map(text -> {
                    try {
                        return Build.parse(text);
                    } catch (DataException e) {
                        throw cells.error(cells.required(product), product + ": " + e.getMessage());
                    }
                }));
            }
            for (String product : cells.object().members().keySet()) {
                if (!products.contains(product)) {
                    throw cells.error(cells.required(product), "'" + product + "' is not one of the listed products");
                }
            }
            thresholds.put(cve, byProduct);
        }
        return new SharePointThresholds(products, thresholds);
    }
}
