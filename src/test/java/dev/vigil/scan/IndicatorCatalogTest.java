package dev.vigil.scan;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The bundled indicator files: they load, ids are unique, and every entry says where it comes from and what to do. */
class IndicatorCatalogTest {

    @Test
    void bundledIndicatorsLoadWithUniqueIdsAndFullDescriptions() {
        IndicatorCatalog catalog = IndicatorCatalog.builtIn();
        List<About> all = new ArrayList<>();
        catalog.locations().forEach(indicator -> all.add(indicator.about()));
        catalog.contents().forEach(indicator -> all.add(indicator.about()));
        catalog.webRoots().forEach(indicator -> all.add(indicator.about()));
        assertThat(catalog.locations()).hasSizeGreaterThanOrEqualTo(20);
        assertThat(catalog.contents()).hasSize(7);
        assertThat(catalog.webRoots()).hasSize(8);
        assertThat(all).extracting(About::id).doesNotHaveDuplicates();
        assertThat(all).allSatisfy(about -> {
            assertThat(dev.vigil.respond.Playbooks.bundled().contains(about.playbook())).as(about.id()).isTrue();
            assertThat(about.source()).isNotBlank();
            assertThat(about.explanation()).isNotBlank().doesNotContain("\n");
            assertThat(about.tags()).isNotEmpty().allSatisfy(tag -> assertThat(tag).startsWith("attack."));
        });
        assertThat(catalog.hashes()).hasSize(4).allSatisfy((sha, hash) -> {
            assertThat(HashList.isSha256(sha)).isTrue();
            assertThat(dev.vigil.respond.Playbooks.bundled().contains(hash.about().playbook())).as(hash.about().id()).isTrue();
        });
        assertThat(catalog.contentExtensions()).contains("aspx", "ashx", "asmx", "asp", "js", "config", "cs");
        assertThat(catalog.activeExtensions()).containsAll(catalog.contentExtensions()).contains("dll", "exe");
    }

    @Test
    void userHashesAddToTheBuiltInOnesWhichKeepTheirDescription() {
        IndicatorCatalog catalog = IndicatorCatalog.builtIn();
        String builtIn = "92bb4ddb98eeaf11fc15bb32e71d0a63256a0ed826a03ba293ce3a8bf057a514";
        About user = new About("hash:x", "user", "low", "", "list:1", "listed", List.of());
        IndicatorCatalog more = catalog.withHashes(List.of(new Indicator.Hash(user, builtIn, "x"),
                new Indicator.Hash(user, "ab".repeat(32), "y")));
        assertThat(more.hashes()).hasSize(5);
        assertThat(more.hashes().get(builtIn).about().playbook()).isEqualTo("toolshell");
        assertThat(more.hashes().get("ab".repeat(32)).about().level()).isEqualTo("low");
    }
}
