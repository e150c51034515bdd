package dev.vigil.scan;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The sweep on real folders: links, loops, unreadable files, empty and large files, odd names, read-only-ness. */
class SweepTest {
    private static final long MIB = 1024 * 1024;
    private static final String LAYOUTS = "Program Files/Common Files/Microsoft Shared/Web Server Extensions/16/TEMPLATE/LAYOUTS";
    private static final String CHOPPER = "<%@ Page Language=\"Jscript\"%><%eval(Request.Item[\"pass\"],\"unsafe\");%>";

    private static ScanResult sweep(IndicatorCatalog catalog, Path root, boolean followLinks, long maxHash, Instant since, int threads) {
        return Sweep.run(catalog, new ScanOptions(List.of(root), followLinks, 8 * MIB, maxHash, since, threads), (files, bytes) -> {
        });
    }

    private static ScanResult sweep(Path root) {
        return sweep(IndicatorCatalog.builtIn(), root, false, 256 * MIB, null, 2);
    }

    private static Path write(Path root, String relative, String text) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    private static List<String> ids(ScanResult result) {
        return result.findings().stream().map(finding -> finding.about().id()).toList();
    }

    @Test
    void symbolicLinksAreNotFollowedByDefaultAndLoopsAreReportedWhenTheyAre(@TempDir Path root) throws IOException {
        write(root, "site/inetpub/wwwroot/aspnet_client/a.aspx", CHOPPER);
        Files.createSymbolicLink(root.resolve("site/inetpub/loop"), root.resolve("site"));
        Files.createSymbolicLink(root.resolve("elsewhere"), root.resolve("site/inetpub/wwwroot"));

        ScanResult plain = sweep(root);
        assertThat(plain.problems()).isEmpty();
        assertThat(plain.statistics().files()).isEqualTo(1);
        assertThat(plain.statistics().skipped()).isEqualTo(2);

        ScanResult followed = sweep(IndicatorCatalog.builtIn(), root, true, 256 * MIB, null, 2);
        assertThat(followed.problems()).anySatisfy(problem -> {
            assertThat(problem.path()).endsWith("loop");
            assertThat(problem.reason()).contains("symbolic link loop");
        });
        // the chopper is reached twice: directly and through the link "elsewhere"
        assertThat(followed.findings()).extracting(Finding::path)
                .anyMatch(path -> path.contains("elsewhere"))
                .anyMatch(path -> path.contains("site"));
    }

    @Test
    void foldersBeyondTheDepthLimitAreReportedNotEntered(@TempDir Path root) throws IOException {
        Path deep = root;
        for (int i = 0; i < Sweep.MAX_DEPTH; i++) {
            deep = deep.resolve("d");
        }
        write(deep, "inetpub/wwwroot/aspnet_client/a.aspx", CHOPPER);
        write(root, "inetpub/wwwroot/aspnet_client/b.aspx", CHOPPER);
        ScanResult result = sweep(root);
        String deepest = deep.toString();
        assertThat(result.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.path()).isEqualTo(deepest);
            assertThat(problem.reason()).contains("deeper than 512 levels");
        });
        assertThat(result.findings()).extracting(Finding::path).allMatch(path -> path.endsWith("b.aspx")).isNotEmpty();
    }

    @Test
    void aRootGivenAsALinkIsFollowed(@TempDir Path root) throws IOException {
        write(root, "real/inetpub/wwwroot/aspnet_client/a.aspx", CHOPPER);
        Path link = root.resolve("mounted");
        Files.createSymbolicLink(link, root.resolve("real"));
        ScanResult result = sweep(link);
        assertThat(result.findings()).isNotEmpty().allSatisfy(finding ->
                assertThat(finding.path()).isEqualTo(link.resolve("inetpub/wwwroot/aspnet_client/a.aspx").toString()));
    }

    @Test
    void aLinkIsJudgedByItsNameWithoutBeingRead(@TempDir Path root) throws IOException {
        Path target = write(root, "data/harmless.txt", "hello");
        Path link = root.resolve(LAYOUTS).resolve("spinstall0.aspx");
        Files.createDirectories(link.getParent());
        Files.createSymbolicLink(link, target);
        ScanResult result = sweep(root);
        assertThat(ids(result)).containsExactly("location:toolshell-spinstall");
        assertThat(result.findings().get(0).sha256()).isEmpty();
    }

    @Test
    void anUnreadableFileIsAProblemAndTheSweepCarriesOn(@TempDir Path root) throws IOException {
        Path secret = write(root, "a/secret.aspx", CHOPPER);
        write(root, "b/inetpub/wwwroot/aspnet_client/shell.aspx", "x");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("---------"));
        boolean stillReadable;
        try (FileChannel ignored = FileChannel.open(secret)) {
            stillReadable = true;
        } catch (IOException e) {
            stillReadable = false;
        }
        Assumptions.assumeFalse(stillReadable, "running as root: chmod 000 does not stop reads (see unreadableAsRoot)");
        ScanResult result = sweep(root);
        assertThat(result.problems()).containsExactly(new ScanProblem(secret.toString(), "not read: permission denied"));
        assertThat(ids(result)).containsExactly("location:proxylogon-aspnet-client-shell");
    }

    @Test
    void unreadableAsRoot(@TempDir Path root) throws IOException {
        // /proc/self/mem is a regular file that no one can read at offset 0 (EIO), root included
        Path memory = Path.of("/proc/self/mem");
        Assumptions.assumeTrue(Files.isRegularFile(memory), "needs Linux /proc");
        write(root, "inetpub/wwwroot/aspnet_client/shell.aspx", "x");
        ScanResult result = Sweep.run(IndicatorCatalog.builtIn(), new ScanOptions(List.of(memory, root), false, 8 * MIB, 256 * MIB, null, 1),
                (files, bytes) -> {
                });
        assertThat(result.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.path()).isEqualTo("/proc/self/mem");
            assertThat(problem.reason()).startsWith("not read: ");
        });
        assertThat(ids(result)).containsExactly("location:proxylogon-aspnet-client-shell");
        assertThat(result.statistics().files()).isEqualTo(2);
    }

    @Test
    void anUnlistableFolderIsAProblem(@TempDir Path root) throws IOException {
        Path folder = root.resolve("locked");
        write(root, "locked/x.aspx", CHOPPER);
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("---------"));
        try {
            Assumptions.assumeFalse(Files.isReadable(folder) && canList(folder), "running as root: chmod 000 does not stop listing");
            ScanResult result = sweep(root);
            assertThat(result.problems()).extracting(ScanProblem::path).containsExactly(folder.toString());
        } finally {
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
        }
    }

    private static boolean canList(Path folder) {
        try (Stream<Path> list = Files.list(folder)) {
            return list.count() >= 0;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void emptyFilesAreHashedAndJudgedByName(@TempDir Path root) throws IOException {
        write(root, LAYOUTS + "/spinstall0.aspx", "");
        write(root, "web/empty.aspx", "");
        ScanResult result = sweep(root);
        assertThat(ids(result)).containsExactly("location:toolshell-spinstall");
        assertThat(result.findings().get(0).sha256()).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(result.statistics().hashed()).isEqualTo(2);
    }

    @Test
    void largeFilesRespectTheContentAndHashLimits(@TempDir Path root) throws IOException {
        // sparse 20 MiB script: a webshell line at 1 MiB (inside the 8 MiB read) and one at 12 MiB (outside)
        Path early = root.resolve("early.aspx");
        Path late = root.resolve("late.aspx");
        for (Path file : List.of(early, late)) {
            try (RandomAccessFile random = new RandomAccessFile(file.toFile(), "rw")) {
                random.setLength(20 * MIB);
                random.seek(file == early ? MIB : 12 * MIB);
                random.write(CHOPPER.getBytes(StandardCharsets.US_ASCII));
            }
        }
        ScanResult result = sweep(IndicatorCatalog.builtIn(), root, false, 16 * MIB, null, 2);
        assertThat(result.findings()).extracting(Finding::path).containsOnly(early.toString());
        assertThat(result.findings()).allSatisfy(finding -> {
            assertThat(finding.sha256()).as("over the 16 MiB hash limit").isEmpty();
            assertThat(finding.line()).isEqualTo(1);
        });
        assertThat(result.statistics().tooLargeToHash()).isEqualTo(2);
        assertThat(result.statistics().bytesRead()).as("only the content limit of each file is read").isEqualTo(16 * MIB);

        ScanResult hashed = sweep(IndicatorCatalog.builtIn(), root, false, 256 * MIB, null, 2);
        assertThat(hashed.findings()).allSatisfy(finding -> assertThat(finding.sha256()).hasSize(64));
        assertThat(hashed.statistics().bytesRead()).isEqualTo(40 * MIB);
    }

    @Test
    void oddNamesAreScannedAndShown(@TempDir Path root) throws Exception {
        write(root, "inetpub/wwwroot/aspnet_client/name with spaces ü.aspx", CHOPPER);
        // a Windows path copied as one Linux file name: backslashes are separators to the indicators
        write(root, "inetpub\\wwwroot\\aspnet_client\\shell.aspx", "x");
        boolean created = false;
        if (Files.isExecutable(Path.of("/bin/sh"))) {
            Process process = new ProcessBuilder("/bin/sh", "-c", "printf '" + CHOPPER.replace("%", "%%").replace("'", "") + "' > \"$1\"/$(printf 'bad\\377name.aspx')", "sh", root.toString())
                    .redirectErrorStream(true).start();
            created = process.waitFor() == 0;
        }
        ScanResult result = sweep(root);
        assertThat(result.problems()).isEmpty();
        assertThat(result.findings()).anySatisfy(finding -> {
            assertThat(finding.path()).endsWith("name with spaces ü.aspx");
            assertThat(finding.about().id()).isEqualTo("content:china-chopper");
        });
        assertThat(result.findings()).anySatisfy(finding -> assertThat(finding.about().id()).isEqualTo("location:proxylogon-aspnet-client-shell"));
        if (created) {
            assertThat(result.findings()).filteredOn(finding -> finding.path().contains("bad") && finding.path().endsWith("name.aspx"))
                    .extracting(finding -> finding.about().id()).contains("content:china-chopper");
        }
    }

    @Test
    void hashIndicatorsFromAListMatchTheFile(@TempDir Path root) throws Exception {
        Path tool = write(root, "tools/renamed.bin", "attacker tool bytes");
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(tool)));
        String near = sha.substring(0, 63) + (sha.charAt(63) == '0' ? '1' : '0');
        HashList.Parsed list = HashList.parse("iocs.txt", new java.io.ByteArrayInputStream(
                ("# playbook: proxylogon\n" + sha + " mimikatz\n" + near + " near miss\n").getBytes(StandardCharsets.US_ASCII)));
        ScanResult result = sweep(IndicatorCatalog.builtIn().withHashes(list.hashes()), root, false, 256 * MIB, null, 1);
        assertThat(result.findings()).singleElement().satisfies(finding -> {
            assertThat(finding.kind()).isEqualTo("hash");
            assertThat(finding.matched()).isEqualTo("sha256 " + sha + " (mimikatz)");
            assertThat(finding.about().playbook()).isEqualTo("proxylogon");
        });
    }

    @Test
    void recentChangesInWebRootsOnly(@TempDir Path root) throws IOException {
        Instant cut = Instant.parse("2025-07-01T00:00:00Z");
        Instant before = Instant.parse("2025-06-30T23:59:59Z");
        Instant after = Instant.parse("2025-07-18T10:00:00Z");
        Map<String, Instant> files = new TreeMap<>(Map.of(
                LAYOUTS + "/new.aspx", after,
                LAYOUTS + "/old.aspx", before,
                LAYOUTS + "/images/new.png", after,
                "Program Files/Microsoft/Exchange Server/V15/FrontEnd/HttpProxy/owa/auth/x.js", after,
                "Users/me/Documents/new.aspx", after));
        for (Map.Entry<String, Instant> entry : files.entrySet()) {
            Files.setLastModifiedTime(write(root, entry.getKey(), "<html></html>"), FileTime.from(entry.getValue()));
        }
        ScanResult result = sweep(IndicatorCatalog.builtIn(), root, false, 256 * MIB, cut, 2);
        assertThat(result.findings()).extracting(finding -> root.relativize(Path.of(finding.path())).toString().replace('\\', '/')
                        + " " + finding.about().id() + " " + finding.about().level() + " " + finding.about().playbook())
                .containsExactly(
                        LAYOUTS + "/images/new.png recent:sharepoint-layouts low toolshell",
                        LAYOUTS + "/new.aspx recent:sharepoint-layouts medium toolshell",
                        "Program Files/Microsoft/Exchange Server/V15/FrontEnd/HttpProxy/owa/auth/x.js recent:exchange-frontend-httpproxy medium proxylogon");
        assertThat(sweep(root).findings()).as("no cut-off, no change check").isEmpty();
    }

    @Test
    void genericContentTakesThePlaybookOfItsWebRoot(@TempDir Path root) throws IOException {
        write(root, LAYOUTS + "/x.aspx", CHOPPER);
        write(root, "Users/me/y.aspx", CHOPPER);
        ScanResult result = sweep(root);
        assertThat(result.findings()).filteredOn(finding -> finding.about().id().equals("content:china-chopper"))
                .extracting(finding -> finding.about().playbook()).containsExactly("toolshell", "proxylogon");
    }

    @Test
    void nothingIsChanged(@TempDir Path root) throws Exception {
        write(root, LAYOUTS + "/spinstall0.aspx", CHOPPER);
        write(root, "inetpub/wwwroot/aspnet_client/a.aspx", CHOPPER);
        write(root, "inetpub/wwwroot/big.dll", "y".repeat(300_000));
        Map<String, String> before = snapshot(root);
        sweep(IndicatorCatalog.builtIn(), root, true, 256 * MIB, Instant.EPOCH, 2);
        assertThat(snapshot(root)).isEqualTo(before);
    }

    private static Map<String, String> snapshot(Path root) throws Exception {
        Map<String, String> state = new TreeMap<>();
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.toList()) {
                var attributes = Files.readAttributes(path, java.nio.file.attribute.PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                String content = attributes.isRegularFile() ? HexFormat.of().formatHex(digest.digest(Files.readAllBytes(path))) : "";
                state.put(path.toString(), attributes.lastModifiedTime() + " " + attributes.size() + " "
                        + PosixFilePermissions.toString(attributes.permissions()) + " " + content);
            }
        }
        return state;
    }
}
