package dev.vigil.rules;

import dev.vigil.rules.yaml.YamlCodec;
import dev.vigil.rules.yaml.YamlException;
import dev.vigil.rules.yaml.YamlNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Parsed rule files kept between runs in one file of a cache directory, so that a hunt with the same rules skips
 * YAML parsing (cold, it was about half of start-up with every SigmaHQ rule: {@code docs/performance.md}).
 *
 * <p>An entry is a file's whole content and its documents ({@link YamlCodec}); it is found by the content's length
 * and CRC-32C and taken only when the content is byte for byte the file's, so a changed file is parsed again and a
 * removed one is simply not asked for. The cache file starts with a magic number and a fingerprint of the code that
 * parses YAML (this class's format, the YAML classes' bytes and SnakeYAML's), and ends with a CRC-32C of everything
 * before it: a cache from another build of Vigil, or a corrupt, truncated or foreign file, is ignored as if absent
 * (and replaced when this run saves), as is an entry that does not decode. Nothing here ever fails a load: a cache
 * that cannot be read or written only costs the parse.
 *
 * <p>{@link #save} writes a new file (the entries this run used or added first, then earlier ones while the file
 * stays under {@link #MAX_BYTES}) to a temporary file in the directory and renames it over the old one atomically,
 * so concurrent runs never see a half-written cache: the last rename wins, and what it lacks is parsed next time.
 * Nothing is written when every file was found.
 */
public final class RuleFileCache implements ParsedFiles {
    /** The cache file's name in its directory. */
    public static final String FILE_NAME = "parsed-rules.bin";
    /** A cache file is kept under this size; larger files are ignored. */
    static final int MAX_BYTES = 64 * 1024 * 1024;
    static final long MAGIC = 0x5649474C52554C45L; // "VIGLRULE"
    /** Raise when the layout below changes. */
    private static final int FORMAT = 1;
    private static final int HEADER = 8 + 8 + 4;
    /** Classes whose bytes decide what a YAML text parses to (with SnakeYAML's, see {@link #fingerprint}). */
    private static final String[] PARSER_CLASSES = {
        "/dev/vigil/rules/yaml/SafeYaml.class", "/dev/vigil/rules/yaml/SafeYaml$Builder.class",
        "/dev/vigil/rules/yaml/SafeYaml$Frame.class", "/dev/vigil/rules/yaml/YamlLimits.class",
        "/dev/vigil/rules/yaml/YamlNode.class", "/dev/vigil/rules/yaml/YamlNode$Scalar.class",
        "/dev/vigil/rules/yaml/YamlNode$Sequence.class", "/dev/vigil/rules/yaml/YamlNode$Mapping.class",
        "/dev/vigil/rules/yaml/YamlNode$Entry.class", "/dev/vigil/rules/yaml/YamlNode$ScalarType.class",
        "/dev/vigil/rules/yaml/YamlCodec.class", "/dev/vigil/rules/RuleFileCache.class",
        "/org/snakeyaml/engine/v2/scanner/ScannerImpl.class", "/org/snakeyaml/engine/v2/parser/ParserImpl.class",
        "/org/snakeyaml/engine/v2/scanner/StreamReader.class",
    };

    /** An entry of the cache: where its content and documents lie in {@code bytes}. */
    private record Entry(byte[] bytes, int content, int contentLength, int documents, int documentsLength) {
        int size() {
            return 4 + 4 + contentLength + 4 + documentsLength;
        }
    }

    private final Path file;
    private final long fingerprint;
    /** Entries of the file read at start, by content length and CRC-32C. */
    private final Map<Long, List<Entry>> known = new HashMap<>();
    private final List<Entry> earlier = new ArrayList<>();
    /** Entries used or added by this run, in order. */
    private final List<Entry> current = new ArrayList<>();
    private boolean changed;
    private int hits;
    private int misses;

    private RuleFileCache(Path file, long fingerprint) {
        this.file = file;
        this.fingerprint = fingerprint;
    }

    /** The cache kept in {@code directory} (which need not exist yet); an unreadable or invalid cache is empty. */
    public static RuleFileCache open(Path directory) {
        RuleFileCache cache = new RuleFileCache(directory.resolve(FILE_NAME), fingerprint());
        cache.read();
        return cache;
    }

    private void read() {
        byte[] bytes;
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_BYTES) {
                return;
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException | UncheckedIOException | SecurityException e) {
            return;
        }
        List<Entry> entries = entries(bytes, fingerprint);
        if (entries == null) {
            changed = true; // replace it with a good one
            return;
        }
        for (Entry entry : entries) {
            known.computeIfAbsent(key(entry.contentLength(), crc(entry.bytes(), entry.content(), entry.contentLength())),
                    key -> new ArrayList<>(1)).add(entry);
            earlier.add(entry);
        }
    }

    /** The entries of a cache file's bytes, or {@code null} when it is not a whole, valid cache of this build. */
    private static List<Entry> entries(byte[] bytes, long fingerprint) {
        if (bytes.length < HEADER + 4) {
            return null;
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int body = bytes.length - 4;
        if (buffer.getLong(0) != MAGIC || buffer.getLong(8) != fingerprint || buffer.getInt(body) != crc(bytes, 0, body)) {
            return null;
        }
        int count = buffer.getInt(16);
        if (count < 0 || count > (body - HEADER) / 12) {
            return null;
        }
        List<Entry> entries = new ArrayList<>(count);
        int at = HEADER;
        for (int i = 0; i < count; i++) {
            if (body - at < 12) {
                return null;
            }
            int contentLength = buffer.getInt(at);
            if (contentLength < 0 || contentLength > body - at - 12) {
                return null;
            }
            int content = at + 8;
            int documentsLength = buffer.getInt(content + contentLength);
            int documents = content + contentLength + 4;
            if (documentsLength < 0 || documentsLength > body - documents) {
                return null;
            }
            if (buffer.getInt(at + 4) != crc(bytes, content, contentLength)) {
                return null;
            }
            entries.add(new Entry(bytes, content, contentLength, documents, documentsLength));
            at = documents + documentsLength;
        }
        return at == body ? entries : null;
    }

    @Override
    public List<YamlNode> find(byte[] content) {
        List<Entry> candidates = known.get(key(content.length, crc(content, 0, content.length)));
        if (candidates != null) {
            for (Entry entry : candidates) {
                if (Arrays.equals(entry.bytes(), entry.content(), entry.content() + entry.contentLength(),
                        content, 0, content.length)) {
                    try {
                        List<YamlNode> documents = YamlCodec.decode(entry.bytes(), entry.documents(),
                                entry.documents() + entry.documentsLength());
                        current.add(entry);
                        hits++;
                        return documents;
                    } catch (YamlException | RuntimeException e) {
                        changed = true; // checksummed yet undecodable: not ours; parse and replace it
                        break;
                    }
                }
            }
        }
        misses++;
        return null;
    }

    @Override
    public void remember(byte[] content, List<YamlNode> documents) {
        byte[] encoded = YamlCodec.encode(documents);
        try {
            if (!YamlCodec.decode(encoded, 0, encoded.length).equals(documents)) {
                return; // only documents that come back equal are kept
            }
        } catch (YamlException | RuntimeException e) {
            return;
        }
        byte[] bytes = new byte[content.length + encoded.length];
        System.arraycopy(content, 0, bytes, 0, content.length);
        System.arraycopy(encoded, 0, bytes, content.length, encoded.length);
        current.add(new Entry(bytes, 0, content.length, content.length, encoded.length));
        changed = true;
    }

    /** Files found in the cache so far. */
    public int hits() {
        return hits;
    }

    /** Files asked for and not found (parsed instead). */
    public int misses() {
        return misses;
    }

    /**
     * Writes the cache when this run added to it (or found it invalid): this run's entries, then earlier ones while
     * the file stays under {@link #MAX_BYTES}. Failing to write is not an error: the next run parses again.
     */
    public void save() {
        if (!changed) {
            return;
        }
        Path temporary = null;
        try {
            byte[] bytes = serialize();
            Files.createDirectories(file.getParent());
            temporary = Files.createTempFile(file.getParent(), FILE_NAME, ".tmp");
            Files.write(temporary, bytes);
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
            temporary = null;
            changed = false;
        } catch (IOException | UncheckedIOException | SecurityException e) {
            // a cache that cannot be written costs only the parse next time
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException | SecurityException e) {
                    // nothing more to do
                }
            }
        }
    }

    private byte[] serialize() {
        List<Entry> kept = new ArrayList<>();
        java.util.Set<Long> seen = new java.util.HashSet<>();
        long size = HEADER + 4;
        for (List<Entry> group : List.of(current, earlier)) {
            for (Entry entry : group) {
                long key = key(entry.contentLength(), crc(entry.bytes(), entry.content(), entry.contentLength()));
                if (size + entry.size() > MAX_BYTES || contains(kept, seen, key, entry)) {
                    continue;
                }
                seen.add(key);
                kept.add(entry);
                size += entry.size();
            }
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(MAGIC).putLong(fingerprint).putInt(kept.size());
        for (Entry entry : kept) {
            buffer.putInt(entry.contentLength()).putInt(crc(entry.bytes(), entry.content(), entry.contentLength()));
            buffer.put(entry.bytes(), entry.content(), entry.contentLength());
            buffer.putInt(entry.documentsLength());
            buffer.put(entry.bytes(), entry.documents(), entry.documentsLength());
        }
        byte[] bytes = buffer.array();
        buffer.putInt(crc(bytes, 0, bytes.length - 4));
        return bytes;
    }

    /** Whether an entry with the same content is among those kept (the key is a quick first check). */
    private static boolean contains(List<Entry> kept, java.util.Set<Long> seen, long key, Entry entry) {
        if (!seen.contains(key)) {
            return false;
        }
        for (Entry other : kept) {
            if (Arrays.equals(other.bytes(), other.content(), other.content() + other.contentLength(),
                    entry.bytes(), entry.content(), entry.content() + entry.contentLength())) {
                return true;
            }
        }
        return false;
    }

    private static long key(int length, int crc) {
        return (long) length << 32 | crc & 0xFFFFFFFFL;
    }

    private static int crc(byte[] bytes, int from, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, from, length);
        return (int) crc.getValue();
    }

    /**
     * What the cached documents depend on besides the files: this format and the bytes of the classes that parse
     * YAML (Vigil's and SnakeYAML Engine's), so that another build's cache is not taken for this one's.
     */
    static long fingerprint() {
        CRC32C high = new CRC32C();
        CRC32C low = new CRC32C();
        high.update(FORMAT);
        for (String name : PARSER_CLASSES) {
            byte[] bytes;
            try (InputStream in = RuleFileCache.class.getResourceAsStream(name)) {
                bytes = in == null ? ("missing " + name).getBytes(StandardCharsets.UTF_8) : in.readAllBytes();
            } catch (IOException e) {
                bytes = ("unreadable " + name).getBytes(StandardCharsets.UTF_8);
            }
            high.update(bytes);
            low.update(bytes.length >>> 16);
            low.update(bytes.length);
            low.update(bytes, 0, bytes.length / 2);
        }
        return high.getValue() << 32 | low.getValue();
    }
}
