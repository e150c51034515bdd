package dev.vigil.exposure;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

import static java.util.Objects.requireNonNull;

/**
 * Decides, for each known-exploited CVE of a server's product family, whether its build is vulnerable, patched or
 * unknown.
 *
 * <p>Exchange follows CSS-Exchange's {@code CompareExchangeBuildLevel.ps1} as the data README restates it: the
 * product comes from the build, the CU line is the highest listed CU at or below the build, and the security
 * update that fixes the CVE is looked up on that line; a line that does not list it is patched only when the
 * build is at or above the highest build listed for that update on the product (a CU released after the fix).
 * Where the rule cannot decide (unknown product or CU line, a product that lists the update nowhere) the verdict
 * is unknown: CSS-Exchange assumes "not vulnerable" for the last case, Vigil does not.
 *
 * <p>SharePoint compares the build with the product's first fixed build; a listed {@code null} makes no claim
 * (unknown); a version at end of life is vulnerable with no fix. KEV entries of the family that have no build
 * data are listed as unknown with their KEV facts, so that a newer catalogue never goes unreported.
 */
public final class ExposureChecker {
    private final ExposureData data;

    public ExposureChecker(ExposureData data) {
        this.data = requireNonNull(data, "data is null");
    }

    /** The product names {@code --product} accepts, sorted. */
    public List<String> productNames() {
        return new TreeSet<>(data.settings().productOptions().keySet()).stream().toList();
    }

    /**
     * A server to assess, from text as the user gave it. Throws {@link DataException} for an unknown product
     * name, a build that is not four numbers, or a product and build that contradict each other.
     */
    public Target target(String host, String product, String build) {
        String name = product.strip().toLowerCase(Locale.ROOT);
        Settings.ProductOption option = data.settings().productOptions().get(name);
        if (option == null) {
            throw new DataException("unknown product '" + product + "'; one of " + String.join(", ", productNames()));
        }
        Build parsed = Build.parse(build);
        Optional<String> stated = option.product();
        if (stated.isPresent()) {
            switch (option.family()) {
                case EXCHANGE -> {
                    Optional<String> actual = data.exchange().productOf(parsed).map(ExchangeBuilds.Product::name);
                    if (!actual.equals(stated)) {
                        throw new DataException("build " + parsed + " is " + actual.orElse("no known Exchange version")
                                + ", not " + stated.get() + " (give 'exchange' to take the version from the build)");
                    }
                }
                case SHAREPOINT -> {
                    List<Settings.Range> ranges = rangesOf(stated.get());
                    if (!ranges.isEmpty() && ranges.stream().noneMatch(range -> range.major().equals(parsed.majorMinor()))) {
                        throw new DataException("build " + parsed + " cannot be " + stated.get() + ", whose builds start with "
                                + ranges.get(0).major());
                    }
                }
            }
        }
        return new Target(host, name, option.family(), parsed);
    }

    public TargetReport assess(Target target) {
        return switch (target.family()) {
            case EXCHANGE -> exchange(target);
            case SHAREPOINT -> sharePoint(target);
        };
    }

    private TargetReport exchange(Target target) {
        Build build = target.build();
        ExchangeBuilds exchange = data.exchange();
        Optional<ExchangeBuilds.Product> product = exchange.productOf(build);
        Optional<ExchangeBuilds.CumulativeUpdate> line = product.flatMap(found -> found.cumulativeUpdateOf(build));
        List<String> notes = new ArrayList<>();
        if (product.isEmpty()) {
            notes.add("build " + build + " is not a known Exchange version (known: "
                    + String.join(", ", exchange.products().stream().map(found -> found.name() + " " + found.major() + ".x").toList())
                    + "); every verdict is unknown");
        } else if (line.isEmpty()) {
            ExchangeBuilds.CumulativeUpdate first = product.get().cumulativeUpdates().get(0);
            notes.add("build " + build + " is below " + product.get().name() + " " + first.name() + " (" + first.build()
                    + "), the first CU the data lists: CU line unknown");
        }
        List<Finding> findings = new ArrayList<>();
        for (String cve : exchange.cves()) {
            String update = exchange.securityUpdateFixing(cve).orElseThrow();
            findings.add(exchangeFinding(cve, update, build, product, line));
        }
        findings.addAll(kevOnly(Family.EXCHANGE, exchange.cves()));
        return new TargetReport(target, product.map(ExchangeBuilds.Product::name), false,
                line.map(ExchangeBuilds.CumulativeUpdate::name), notes, findings);
    }

    private Finding exchangeFinding(String cve, String update, Build build, Optional<ExchangeBuilds.Product> product,
                                    Optional<ExchangeBuilds.CumulativeUpdate> line) {
        if (product.isEmpty()) {
            return finding(cve, Verdict.UNKNOWN, null, update, "not a known Exchange version");
        }
        String productName = product.get().name();
        if (line.isEmpty()) {
            return finding(cve, Verdict.UNKNOWN, null, update, "below the first CU listed for " + productName);
        }
        ExchangeBuilds.CumulativeUpdate cumulativeUpdate = line.get();
        Optional<Build> highest = product.get().highestSecurityUpdate(update);
        if (highest.isEmpty()) {
            return finding(cve, Verdict.UNKNOWN, null, update, productName + " lists no " + update
                    + " build (CSS-Exchange assumes not vulnerable; Vigil does not decide)");
        }
        Optional<Build> onLine = cumulativeUpdate.securityUpdate(update);
        if (onLine.isPresent()) {
            boolean patched = build.atLeast(onLine.get());
            return finding(cve, patched ? Verdict.PATCHED : Verdict.VULNERABLE, onLine.get(), update,
                    (patched ? "at or above " : "below ") + cumulativeUpdate.name() + " " + update);
        }
        if (build.atLeast(highest.get())) {
            return finding(cve, Verdict.PATCHED, cumulativeUpdate.build(), update, cumulativeUpdate.name()
                    + " came after " + update + " and includes it (" + update + " builds end at " + highest.get() + ")");
        }
        return finding(cve, Verdict.VULNERABLE, null, update, cumulativeUpdate.name() + " never got " + update
                + ": update to a later CU with " + update + " or newer (at least " + highest.get() + ")");
    }

    private TargetReport sharePoint(Target target) {
        Build build = target.build();
        List<String> notes = new ArrayList<>();
        Optional<String> stated = data.settings().productOptions().get(target.product()).product();
        Optional<String> product = stated;
        boolean inferred = false;
        if (stated.isPresent()) {
            List<Settings.Range> ranges = rangesOf(stated.get());
            if (!ranges.isEmpty() && ranges.stream().noneMatch(range -> range.contains(build))) {
                notes.add("build " + build + " is outside the usual range of " + stated.get() + "; check the product");
            }
        } else {
            product = data.settings().sharePointRanges().stream().filter(range -> range.contains(build))
                    .map(Settings.Range::product).findFirst();
            inferred = product.isPresent();
            notes.add(product.map(name -> "product inferred from the build range: " + name + "; confirm it by the SKU")
                    .orElse("the SharePoint product cannot be told from build " + build
                            + "; give it as sharepoint-2016, sharepoint-2019 or sharepoint-se"));
        }
        Optional<String> resolved = product;
        Optional<String> endOfLife = resolved.map(name -> data.settings().sharePointEndOfLife().get(name));
        endOfLife.ifPresent(reason -> notes.add(resolved.get() + ": " + reason));
        SharePointThresholds thresholds = data.sharePoint();
        List<Finding> findings = new ArrayList<>();
        for (String cve : thresholds.cves()) {
            findings.add(sharePointFinding(cve, build, resolved, endOfLife));
        }
        findings.addAll(kevOnly(Family.SHAREPOINT, thresholds.cves()));
        return new TargetReport(target, resolved, inferred, Optional.empty(), notes, findings);
    }

    private Finding sharePointFinding(String cve, Build build, Optional<String> product, Optional<String> endOfLife) {
        if (product.isEmpty()) {
            return finding(cve, Verdict.UNKNOWN, null, null, "SharePoint product unknown");
        }
        if (endOfLife.isPresent()) {
            return finding(cve, Verdict.VULNERABLE, null, null, "end of life, no fix");
        }
        Optional<Optional<Build>> cell = data.sharePoint().threshold(cve, product.get());
        if (cell.isEmpty()) {
            return finding(cve, Verdict.UNKNOWN, null, null, "no data for " + product.get());
        }
        if (cell.get().isEmpty()) {
            return finding(cve, Verdict.UNKNOWN, null, null, "the source lists no fixed build for " + product.get());
        }
        Build fixed = cell.get().get();
        boolean patched = build.atLeast(fixed);
        return finding(cve, patched ? Verdict.PATCHED : Verdict.VULNERABLE, fixed, null,
                (patched ? "at or above" : "below") + " the first fixed build of " + product.get());
    }

    /** KEV entries of the family for CVEs without build data, by CVE: unknown, with their KEV facts. */
    private List<Finding> kevOnly(Family family, List<String> covered) {
        return data.kev().entries().stream()
                .filter(entry -> data.settings().familyOf(entry).equals(Optional.of(family)))
                .filter(entry -> !covered.contains(entry.cveID()))
                .sorted(Comparator.comparing(KevEntry::cveID))
                .map(entry -> finding(entry.cveID(), Verdict.UNKNOWN, null, null,
                        "in KEV, but Vigil has no fixed-build data for it: check the vendor's advisory"))
                .toList();
    }

    private Finding finding(String cve, Verdict verdict, Build fixed, String update, String reason) {
        return new Finding(cve, verdict, Optional.ofNullable(fixed), Optional.ofNullable(update), reason,
                data.kev().entry(cve), Optional.ofNullable(data.settings().playbooks().get(cve)));
    }

    private List<Settings.Range> rangesOf(String product) {
        return data.settings().sharePointRanges().stream().filter(range -> range.product().equals(product)).toList();
    }
}
