package dev.vigil.scan;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class HashListTest {
    private static final String A = "b75f163ca9b9240bf4b37ad92bc7556b40a17e27c2b8ed5c8991385fe07d17d0";
    private static final String B = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private static HashList.Parsed parse(String text) throws IOException {
        return HashList.parse("iocs.txt", new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void readsHashesNamesCommentsAndSha256sumOutput() throws IOException {
        HashList.Parsed parsed = parse("# our IOCs\r\n\n" + A.toUpperCase() + "  shell one.aspx\r\n" + B + " *empty.bin\n" + A + "\n");
        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.hashes()).extracting(Indicator.Hash::sha256).containsExactly(A, B, A);
        assertThat(parsed.hashes()).extracting(Indicator.Hash::name).containsExactly("shell one.aspx", "empty.bin", "");
        assertThat(parsed.hashes().get(0).about().level()).isEqualTo("high");
        assertThat(parsed.hashes().get(0).about().playbook()).isEmpty();
        assertThat(parsed.hashes().get(0).about().source()).isEqualTo("iocs.txt:3");
    }

    @Test
    void directivesSetLevelAndPlaybookForTheLinesAfterThem() throws IOException {
        HashList.Parsed parsed = parse(A + "\n# level: critical\n# playbook: proxylogon\n" + B + "\n");
        assertThat(parsed.hashes().get(0).about().level()).isEqualTo("high");
        assertThat(parsed.hashes().get(1).about().level()).isEqualTo("critical");
        assertThat(parsed.hashes().get(1).about().playbook()).isEqualTo("proxylogon");
    }

    @Test
    void badLinesAreReportedWithFileAndLineAndTheRestIsKept() throws IOException {
        HashList.Parsed parsed = parse("""
                %s good
                92bb4ddb…b0f2 abbreviated
                md5:0123456789abcdef0123456789abcdef
                %sg one character off
                # level: severe
                # playbook: nosuch
                %s
                """.formatted(A, A.substring(1), B) + "x".repeat(5000) + "\n" + A);
        assertThat(parsed.hashes()).extracting(Indicator.Hash::sha256).containsExactly(A, B, A);
        assertThat(parsed.problems()).hasSize(6);
        assertThat(parsed.problems().get(0)).startsWith("iocs.txt:2: not a SHA-256");
        assertThat(parsed.problems().get(1)).startsWith("iocs.txt:3: not a SHA-256");
        assertThat(parsed.problems().get(2)).startsWith("iocs.txt:4: not a SHA-256");
        assertThat(parsed.problems().get(3)).startsWith("iocs.txt:5: level must be one of");
        assertThat(parsed.problems().get(4)).startsWith("iocs.txt:6: unknown playbook 'nosuch'");
        assertThat(parsed.problems().get(5)).isEqualTo("iocs.txt:8: line longer than 4096 bytes");
        assertThat(parsed.problemCount()).isEqualTo(6);
    }

    @Test
    void manyBadLinesAreCountedButOnlySomeKept() throws IOException {
        HashList.Parsed parsed = parse("nope\n".repeat(1000));
        assertThat(parsed.problemCount()).isEqualTo(1000);
        assertThat(parsed.problems()).hasSize(HashList.KEPT_PROBLEMS);
        assertThat(parsed.hashes()).isEmpty();
    }

    @Test
    void anEmptyListIsFine() throws IOException {
        HashList.Parsed parsed = parse("");
        assertThat(parsed.hashes()).isEmpty();
        assertThat(parsed.problemCount()).isZero();
    }
}
