package dev.vigil.exposure;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The Exchange build table ({@code exchange-builds.json}): every product's cumulative updates with their security
 * updates, and which security update fixes which CVE.
 */
public final class ExchangeBuilds {

    public record SecurityUpdate(String name, Build build) {
        public SecurityUpdate {
            requireNonNull(name, "name is null");
            requireNonNull(build, "build is null");
        }
    }

    public record CumulativeUpdate(String name, Build build, String released, List<SecurityUpdate> securityUpdates) {
        public CumulativeUpdate {
            requireNonNull(name, "name is null");
            requireNonNull(build, "build is null");
            requireNonNull(released, "released is null");
            securityUpdates = List.copyOf(securityUpdates);
        }

        /** The build this CU line lists for the named security update. */
        public Optional<Build> securityUpdate(String name) {
            return securityUpdates.stream().filter(update -> update.name().equals(name)).map(SecurityUpdate::build).findFirst();
        }
    }

    /** One product; its cumulative updates are kept in ascending build order. */
    public record Product(String name, String major, List<CumulativeUpdate> cumulativeUpdates) {
        public Product {
            requireNonNull(name, "name is null");
            requireNonNull(major, "major is null");
            cumulativeUpdates = cumulativeUpdates.stream().sorted(Comparator.comparing(CumulativeUpdate::build)).toList();
            if (cumulativeUpdates.isEmpty()) {
                throw new IllegalArgumentException(name + " lists no cumulative update");
            }
        }

        /** The CU line of a build: the listed CU with the highest build at or below it; empty below the first CU. */
        public Optional<CumulativeUpdate> cumulativeUpdateOf(Build build) {
            CumulativeUpdate line = null;
            for (CumulativeUpdate update : cumulativeUpdates) {
                if (build.atLeast(update.build())) {
                    line = update;
                }
            }
            return Optional.ofNullable(line);
        }

        /** The highest build listed for the named security update on any CU line of this product. */
        public Optional<Build> highestSecurityUpdate(String name) {
            return cumulativeUpdates.stream().flatMap(update -> update.securityUpdate(name).stream()).max(Comparator.naturalOrder());
        }
    }

    private final List<Product> products;
    private final Map<String, String> securityUpdateByCve;
    private final List<String> orderedCves;

    public ExchangeBuilds(List<Product> products, Map<String, String> securityUpdateByCve) {
        this.products = List.copyOf(products);
        this.securityUpdateByCve = Map.copyOf(securityUpdateByCve);
        this.orderedCves = List.copyOf(securityUpdateByCve.keySet());
    }

    public List<Product> products() {
        return products;
    }

    /** The CVEs the {@code fixes} map names, in file order. */
    public List<String> cves() {
        return orderedCves;
    }

    /** The security update that fixes the CVE, when the {@code fixes} map names it. */
    public Optional<String> securityUpdateFixing(String cve) {
        return Optional.ofNullable(securityUpdateByCve.get(cve));
    }

    public Optional<Product> product(String name) {
        return products.stream().filter(product -> product.name().equals(name)).findFirst();
    }

    /**
     * The product of a build, by its {@code major.minor}; where products share one (2019 and SE on 15.2), the one
     * whose first CU's third part is the highest at or below the build's, and the earliest product below them all
     * (an Exchange 2019 RTM build is 2019 with an unknown CU line). Empty when no product has that major.
     */
    public Optional<Product> productOf(Build build) {
        Product chosen = null;
        List<Product> sameMajor = products.stream().filter(product -> product.major().equals(build.majorMinor()))
                .sorted(Comparator.comparing(product -> product.cumulativeUpdates().get(0).build())).toList();
        for (Product product : sameMajor) {
            if (chosen == null || build.build() >= product.cumulativeUpdates().get(0).build().build()) {
                chosen = product;
            }
        }
        return Optional.ofNullable(chosen);
    }

    /** Reads {@code exchange-builds.json}. */
    static ExchangeBuilds read(JsonTree.Node root, String source) {
        JsonTree.Fields file = JsonTree.Fields.of(root, source, "exchange builds");
        Map<String, String> byCve = new LinkedHashMap<>();
        JsonTree.Fields fixes = file.fields("fixes");
        for (String update : fixes.object().members().keySet()) {
            for (String cve : fixes.textList(update)) {
                if (byCve.put(cve, update) != null) {
                    throw fixes.error(fixes.required(update), cve + " is fixed by two security updates");
                }
            }
        }
        List<Product> products = new ArrayList<>();
        List<JsonTree.Node> productNodes = file.array("products").items();
        for (int i = 0; i < productNodes.size(); i++) {
            JsonTree.Fields product = JsonTree.Fields.of(productNodes.get(i), source, "products[" + i + "]");
            List<CumulativeUpdate> updates = new ArrayList<>();
            List<JsonTree.Node> updateNodes = product.array("cumulativeUpdates").items();
            for (int j = 0; j < updateNodes.size(); j++) {
                JsonTree.Fields update = JsonTree.Fields.of(updateNodes.get(j), source,
                        product.where() + ".cumulativeUpdates[" + j + "]");
                List<SecurityUpdate> securityUpdates = new ArrayList<>();
                for (JsonTree.Node node : update.array("securityUpdates").items()) {
                    JsonTree.Fields securityUpdate = JsonTree.Fields.of(node, source, update.where() + ".securityUpdates");
                    securityUpdates.add(new SecurityUpdate(securityUpdate.text("name"), securityUpdate.build("build")));
                }
                updates.add(new CumulativeUpdate(update.text("name"), update.build("build"), update.text("released"), securityUpdates));
            }
            if (updates.isEmpty()) {
                throw product.error(product.required("cumulativeUpdates"), "no cumulative update listed");
            }
            products.add(new Product(product.text("product"), product.text("major"), updates));
        }
        return new ExchangeBuilds(products, byCve);
    }
}
