package dev.vigil.scan;

import com.google.re2j.Matcher;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The checks of one file, by one worker thread (each worker has its own, with its own buffers): the file is opened
 * read-only once and read once — through SHA-256 up to the hash limit, and for script files the first bytes up to
 * the content limit through the content automaton — then name, location, hash, content and change time are judged.
 */
final class FileCheck {
    private static final int BUFFER = 64 * 1024;
    /** A content buffer larger than this is not kept between files (bounded memory per worker at rest). */
    private static final int KEPT_CONTENT = 1 << 20;

    private final IndicatorCatalog catalog;
    private final ScanOptions options;
    private final Sweep sweep;
    private final MessageDigest digest;
    private final ContentMatcher.Search search;
    private final byte[] buffer = new byte[BUFFER];
    private byte[] content = new byte[BUFFER];
    private final OpenOption[] openOptions;

    FileCheck(IndicatorCatalog catalog, ScanOptions options, Sweep sweep) {
        this.catalog = catalog;
        this.options = options;
        this.sweep = sweep;
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        this.search = catalog.contentMatcher().search();
        this.openOptions = options.followLinks()
                ? new OpenOption[]{StandardOpenOption.READ}
                : new OpenOption[]{StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS};
    }

    void check(Path path, BasicFileAttributes attributes) {
        String shown = path.toString();
        String normalized = PathGlob.normalize(shown);
        String name = normalized.substring(normalized.lastIndexOf('/') + 1);
        Instant modified = attributes.lastModifiedTime().toInstant();
        long size = attributes.size();
        String sha256 = "";
        List<ContentMatcher.Hit> hits = List.of();
        int contentLength = 0;
        if (attributes.isSymbolicLink()) {
            // not followed: judged by its name and place only, never opened
            sweep.skippedEntry();
        } else {
            sweep.files.incrementAndGet();
            boolean scripts = !catalog.contentMatcher().isEmpty() && catalog.contentExtensions().contains(extension(name));
            boolean hash = size <= options.maxHashBytes();
            if (!hash) {
                sweep.tooLargeToHash.incrementAndGet();
            }
            if (hash || scripts) {
                try {
                    contentLength = read(path, hash, scripts ? (int) Math.min(options.maxContentBytes(), Integer.MAX_VALUE) : 0, size);
                    if (hash) {
                        sha256 = HexFormat.of().formatHex(digest.digest());
                        sweep.hashed.incrementAndGet();
                    }
                    if (scripts) {
                        hits = search.finish(content, contentLength);
                    }
                } catch (IOException e) {
                    digest.reset();
                    sweep.problem(shown, "not read: " + Sweep.reason(e));
                    sha256 = "";
                }
            }
        }
        Indicator.Location location = catalog.location(normalized, name);
        if (location != null) {
            Matcher matcher = location.path().matcher(normalized);
            String matched = matcher.find() ? matcher.group().replaceFirst("^/", "") : name;
            sweep.found(new Finding(shown, size, modified, sha256, "location", location.about(), matched, 0));
        }
        Indicator.Hash hash = sha256.isEmpty() ? null : catalog.hashes().get(sha256);
        if (hash != null) {
            String matched = "sha256 " + sha256 + (hash.name().isEmpty() ? "" : " (" + hash.name() + ")");
            sweep.found(new Finding(shown, size, modified, sha256, "hash", hash.about(), matched, 0));
        }
        Indicator.RecentChange root = null;
        if (!hits.isEmpty() || options.changedSince() != null) {
            root = catalog.webRoot(normalized);
        }
        for (ContentMatcher.Hit hit : hits) {
            About about = hit.indicator().generic() && root != null ? hit.indicator().about().withPlaybook(root.about().playbook()) : hit.indicator().about();
            sweep.found(new Finding(shown, size, modified, sha256, "content", about, excerpt(hit.matched()),
                    lineOf(hit.offset(), contentLength)));
        }
        if (root != null && options.changedSince() != null && modified.isAfter(options.changedSince())) {
            About about = root.about();
            if (!catalog.activeExtensions().contains(extension(name))) {
                about = about.withLevel("low");
            }
            sweep.found(new Finding(shown, size, modified, sha256, "recent-change", about,
                    "modified " + modified + " (after " + options.changedSince() + ")", 0));
        }
        if (content.length > KEPT_CONTENT) {
            content = new byte[BUFFER];
        }
    }

    /** Reads the file once; returns how many bytes of content were kept for the content search. */
    private int read(Path path, boolean hash, int contentLimit, long size) throws IOException {
        search.reset();
        int kept = 0;
        long position = 0;
        try (FileChannel channel = FileChannel.open(path, openOptions)) {
            ByteBuffer wrapped = ByteBuffer.wrap(buffer);
            while (true) {
                if (!hash && position >= contentLimit) {
                    break;
                }
                wrapped.clear();
                int count = channel.read(wrapped);
                if (count < 0) {
                    break;
                }
                sweep.bytesRead.addAndGet(count);
                if (hash) {
                    digest.update(buffer, 0, count);
                }
                if (kept < contentLimit) {
                    int take = (int) Math.min(count, contentLimit - kept);
                    if (kept + take > content.length) {
                        // grow to the file's size at once when known, never past the limit
                        long wanted = Math.max(kept + take, Math.max(2L * content.length, Math.min(size, contentLimit)));
                        content = java.util.Arrays.copyOf(content, (int) Math.min(wanted, contentLimit));
                    }
                    System.arraycopy(buffer, 0, content, kept, take);
                    search.feed(buffer, 0, take, position);
                    kept += take;
                }
                position += count;
            }
        }
        return kept;
    }

    private int lineOf(long offset, int length) {
        int line = 1;
        long end = Math.min(offset, length);
        for (int i = 0; i < end; i++) {
            if (content[i] == '\n') {
                line++;
            }
        }
        return line;
    }

    private static String excerpt(String matched) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < matched.length() && text.length() < 160; i++) {
            char c = matched.charAt(i);
            text.append(Character.isISOControl(c) ? ' ' : c);
        }
        return matched.length() > 160 ? text + "…" : text.toString();
    }

    static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1);
    }
}
