package dev.vigil.exposure;

import dev.vigil.testing.SharedData;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bundled data files agree with the shared data they were derived from by {@code tools/exposure_data.py}
 * (skipped when the shared data is absent, failed when it is required), and the bundle is complete.
 */
class ExposureDataTest {

    @Test
    void exchangeAndSharePointTablesAreCopiesOfTheSharedOnes() throws IOException {
        Path folder = SharedData.require("exposure");
        for (String name : List.of(ExposureData.EXCHANGE_BUILDS, ExposureData.SHAREPOINT_THRESHOLDS)) {
            byte[] shared = Files.readAllBytes(folder.resolve(name));
            try (InputStream bundled = ExposureData.class.getResourceAsStream(ExposureData.RESOURCE_FOLDER + name)) {
                assertThat(bundled.readAllBytes()).as("%s: rerun tools/exposure_data.py", name).isEqualTo(shared);
            }
        }
    }

    @Test
    void bundledKevIsTheSharedCatalogueCutToExchangeAndSharePoint() throws IOException {
        Path file = SharedData.require("kev/known_exploited_vulnerabilities.json");
        KevCatalog shared;
        try (InputStream input = Files.newInputStream(file)) {
            shared = KevCatalog.read(input, file.toString());
        }
        ExposureData data = ExposureData.bundled();
        List<KevEntry> expected = shared.entries().stream()
                .filter(entry -> data.settings().familyOf(entry).isPresent()).toList();
        assertThat(data.kev().entries()).as("rerun tools/exposure_data.py").isEqualTo(expected);
        assertThat(data.kev().catalogVersion()).isEqualTo(shared.catalogVersion());
        assertThat(data.kev().dateReleased()).isEqualTo(shared.dateReleased());
        assertThat(shared.entries()).hasSize(1404);
        assertThat(expected).hasSize(25);
    }

    @Test
    void bundleIsCompleteAndConsistent() {
        ExposureData data = ExposureData.bundled();
        assertThat(data.exchange().products()).extracting(ExchangeBuilds.Product::name).containsExactly(
                "Exchange Server 2013", "Exchange Server 2016", "Exchange Server 2019", "Exchange Server SE");
        assertThat(data.exchange().cves()).hasSize(9);
        assertThat(data.sharePoint().cves()).hasSize(7);
        // every CVE with build data leads to a playbook, and every product option names a product the data knows
        for (String cve : data.exchange().cves()) {
            assertThat(data.settings().playbooks()).as(cve).containsKey(cve);
        }
        for (String cve : data.sharePoint().cves()) {
            assertThat(data.settings().playbooks()).as(cve).containsKey(cve);
        }
        assertThat(data.settings().playbooks().values()).allMatch(List.of("toolshell", "sharepoint-rce-2023-2024",
                "proxylogon", "proxyshell", "proxynotshell")::contains);
        for (Settings.ProductOption option : data.settings().productOptions().values()) {
            option.product().ifPresent(product -> {
                boolean known = switch (option.family()) {
                    case EXCHANGE -> data.exchange().product(product).isPresent();
                    case SHAREPOINT -> data.sharePoint().products().contains(product)
                            || data.settings().sharePointEndOfLife().containsKey(product);
                };
                assertThat(known).as(product).isTrue();
            });
        }
    }
}
