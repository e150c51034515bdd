package dev.vigil.rules;

import dev.vigil.rules.yaml.YamlCodec;
import dev.vigil.rules.yaml.YamlException;
import dev.vigil.rules.yaml.YamlLimits;
import dev.vigil.rules.yaml.YamlNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Adler32;
import java.util.zip.CRC32C;

/**
 * Parsed rule files kept between runs in one file of a cache directory, so that a hunt with the same rules skips
 * YAML parsing (cold, it was about half of start-up with every SigmaHQ rule: {@code docs/performance.md}).
 *
 * <p>An entry is a file's whole content and its documents ({@link YamlCodec}); it is found by the content's length
 * and CRC-32C and taken only when the content is byte for byte the file's, so a changed file is parsed again and a
 * removed one is simply not asked for. The cache file starts with a magic number and a fingerprint of what parsing
 * depends on ({@link #fingerprint(List, YamlLimits)}), and ends with a CRC-32C of everything
 * before it: a cache from another build of Vigil, or a corrupt, truncated or foreign file, is ignored as if absent
 * (and replaced when this run saves), as is an entry that does not decode. Nothing here ever fails a load: a cache
 * that cannot be read or written only costs the parse.
 *
 * <p>{@link #save} writes a new file (the entries this run used or added first, then earlier ones while the file
 * stays under {@link #MAX_BYTES}) to a temporary file in the directory and renames it over the old one atomically,
 * so concurrent runs never see a half-written cache: the last rename wins, and what it lacks is parsed next time.
 * Nothing is written when every file was found. On POSIX file systems a cache another user could have written is
 * neither read nor written ({@link #trusted}).
 */
public final class RuleFileCache implements ParsedFiles {
    /** The cache file's name in its directory. */
    public static final String FILE_NAME = "parsed-rules.bin";
    /** A cache file is kept under this size; larger files are ignored. */
    static final int MAX_BYTES = 64 * 1024 * 1024;
    static final long MAGIC = 0x5649474C52554C45L; // "VIGLRULE"
    /** Raise when the layout below changes. */
    private static final int FORMAT = 2;
    private static final int HEADER = 8 + 8 + 4;
    /**
     * Every class of the YAML package (checked by a test against the compiled package) and this class: their bytes
     * decide what a YAML text parses to and how it is stored. SnakeYAML Engine counts by its version
     * ({@link #SNAKEYAML_VERSION}). When one cannot be read the cache is off for the run: a fingerprint that does not
     * cover the parsing code could take another build's trees for this one's.
     */
    static final List<String> PARSER_CLASSES = List.of(
            "dev/vigil/rules/yaml/SafeYaml.class", "dev/vigil/rules/yaml/SafeYaml$1.class",
            "dev/vigil/rules/yaml/SafeYaml$Builder.class", "dev/vigil/rules/yaml/SafeYaml$Frame.class",
            "dev/vigil/rules/yaml/YamlCodec.class", "dev/vigil/rules/yaml/YamlCodec$Input.class",
            "dev/vigil/rules/yaml/YamlCodec$Output.class", "dev/vigil/rules/yaml/YamlException.class",
            "dev/vigil/rules/yaml/YamlLimits.class", "dev/vigil/rules/yaml/YamlNode.class",
            "dev/vigil/rules/yaml/YamlNode$1.class", "dev/vigil/rules/yaml/YamlNode$Entry.class",
            "dev/vigil/rules/yaml/YamlNode$Mapping.class", "dev/vigil/rules/yaml/YamlNode$Scalar.class",
            "dev/vigil/rules/yaml/YamlNode$ScalarType.class", "dev/vigil/rules/yaml/YamlNode$Sequence.class",
            "dev/vigil/rules/yaml/package-info.class", "dev/vigil/rules/RuleFileCache.class",
            "dev/vigil/rules/RuleFileCache$Entry.class");
    /** SnakeYAML Engine's version, which the shaded jar keeps as in the library's own jar. */
    static final String SNAKEYAML_VERSION = "META-INF/maven/org.snakeyaml/snakeyaml-engine/pom.properties";
    /** Temporary files of {@link #save} older than this are left by runs that died: {@link #save} removes them. */
    static final java.time.Duration STALE = java.time.Duration.ofHours(1);

    /** An entry of the cache: where its content and documents lie in {@code bytes}, and the content's CRC-32C. */
    private record Entry(byte[] bytes, int content, int contentLength, int crc, int documents, int documentsLength) {
        int size() {
            return 4 + 4 + contentLength + 4 + documentsLength;
        }
    }

    private final Path file;
    private final long fingerprint;
    private final YamlLimits limits;
    /** Off: the fingerprint could not be made, or the directory or file is not safely this user's. */
    private final boolean on;
    /** Entries of the file read at start, by content length and CRC-32C. */
    private final Map<Long, List<Entry>> known = new HashMap<>();
    private final List<Entry> earlier = new ArrayList<>();
    /** Entries used or added by this run, in order. */
    private final List<Entry> current = new ArrayList<>();
    private boolean changed;
    private int hits;
    private int misses;

    private RuleFileCache(Path file, Long fingerprint, YamlLimits limits) {
        this.file = file;
        this.fingerprint = fingerprint == null ? 0 : fingerprint;
        this.limits = limits;
        this.on = fingerprint != null;
    }

    /** The cache kept in {@code directory} for the limits {@link RuleLoader} parses with. */
    public static RuleFileCache open(Path directory) {
        return open(directory, RuleLoader.YAML_LIMITS);
    }

    /**
     * The cache kept in {@code directory} (which need not exist yet) for trees parsed within {@code limits}; an
     * unreadable or invalid cache is empty, and one that is not safely this user's ({@link #trusted}) is off.
     */
    public static RuleFileCache open(Path directory, YamlLimits limits) {
        return open(directory, limits, PARSER_CLASSES);
    }

    /** {@link #open(Path, YamlLimits)} with the fingerprint over these classes. */
    static RuleFileCache open(Path directory, YamlLimits limits, List<String> classes) {
        Path file = directory.resolve(FILE_NAME);
        RuleFileCache cache = new RuleFileCache(file, fingerprint(classes, limits), limits);
        if (cache.on && trusted(directory) && trusted(file, LinkOption.NOFOLLOW_LINKS)) {
            cache.read();
        }
        return cache;
    }

    /** Whether this cache is used at all (see {@link #open}). */
    public boolean isOn() {
        return on;
    }

    /**
     * Whether a cache directory or file may be read and written: absent, or (where the file system has POSIX
     * permissions) owned by the user this process runs as and writable by neither its group nor others, so that no
     * other user can put parsed trees in this user's way (with {@code NOFOLLOW_LINKS}, a symbolic link is refused).
     * Elsewhere (Windows) the folder's ACLs are left to the OS.
     */
    static boolean trusted(Path path, LinkOption... options) {
        try {
            if (!Files.exists(path, options)) {
                return !Files.isSymbolicLink(path);
            }
            PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class, options);
            if (view == null) {
                return true;
            }
            PosixFileAttributes attributes = view.readAttributes();
            if (attributes.isSymbolicLink() || attributes.permissions().contains(PosixFilePermission.GROUP_WRITE)
                    || attributes.permissions().contains(PosixFilePermission.OTHERS_WRITE)) {
                return false;
            }
            UserPrincipal me = path.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByName(System.getProperty("user.name"));
            return attributes.owner().equals(me);
        } catch (IOException | UncheckedIOException | SecurityException | UnsupportedOperationException e) {
            return false;
        }
    }

    private void read() {
        byte[] bytes;
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) > MAX_BYTES) {
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
            known.computeIfAbsent(key(entry.contentLength(), entry.crc()), key -> new ArrayList<>(1)).add(entry);
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
        List<Entry> entries = new ArrayList<>(Math.min(count, 1024));
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
            int crc = buffer.getInt(at + 4);
            if (crc != crc(bytes, content, contentLength)) {
                return null;
            }
            entries.add(new Entry(bytes, content, contentLength, crc, documents, documentsLength));
            at = documents + documentsLength;
        }
        return at == body ? entries : null;
    }

    @Override
    public List<YamlNode> find(byte[] content) {
        if (!on) {
            return null;
        }
        List<Entry> candidates = known.get(key(content.length, crc(content, 0, content.length)));
        if (candidates != null) {
            for (Entry entry : candidates) {
                if (Arrays.equals(entry.bytes(), entry.content(), entry.content() + entry.contentLength(),
                        content, 0, content.length)) {
                    try {
                        List<YamlNode> documents = YamlCodec.decode(entry.bytes(), entry.documents(),
                                entry.documents() + entry.documentsLength(), limits);
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
        if (!on) {
            return;
        }
        byte[] encoded = YamlCodec.encode(documents);
        try {
            if (!YamlCodec.decode(encoded, 0, encoded.length, limits).equals(documents)) {
                return; // only documents that come back equal are kept
            }
        } catch (YamlException | RuntimeException e) {
            return;
        }
        byte[] bytes = new byte[content.length + encoded.length];
        System.arraycopy(content, 0, bytes, 0, content.length);
        System.arraycopy(encoded, 0, bytes, content.length, encoded.length);
        current.add(new Entry(bytes, 0, content.length, crc(content, 0, content.length), content.length, encoded.length));
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
        if (!on || !changed) {
            return;
        }
        Path temporary = null;
        try {
            byte[] bytes = serialize();
            Path directory = file.getParent();
            if (directory.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                // this user's alone whatever the umask, so that the next run trusts it
                Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(directory);
            }
            if (!trusted(file.getParent()) || !trusted(file, LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
            removeStale(file.getParent());
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

    /** Removes temporary files of this cache that runs which died left behind, older than {@link #STALE}. */
    private static void removeStale(Path directory) {
        long before = System.currentTimeMillis() - STALE.toMillis();
        try (DirectoryStream<Path> stale = Files.newDirectoryStream(directory, FILE_NAME + "*.tmp")) {
            for (Path path : stale) {
                try {
                    if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)
                            && Files.getLastModifiedTime(path, LinkOption.NOFOLLOW_LINKS).toMillis() < before) {
                        Files.deleteIfExists(path);
                    }
                } catch (IOException | SecurityException e) {
                    // another run's, perhaps just removed: leave it
                }
            }
        } catch (IOException | UncheckedIOException | SecurityException e) {
            // nothing to clean
        }
    }

    private byte[] serialize() {
        List<Entry> kept = new ArrayList<>();
        java.util.Set<Long> seen = new java.util.HashSet<>();
        long size = HEADER + 4;
        for (List<Entry> group : List.of(current, earlier)) {
            for (Entry entry : group) {
                long key = key(entry.contentLength(), entry.crc());
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
            buffer.putInt(entry.contentLength()).putInt(entry.crc());
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
     * What the cached documents depend on besides the files: this format, the codec's, the bytes of the classes
     * that parse and store YAML ({@code classes}), SnakeYAML Engine's version, the Java runtime's version and the
     * limits the trees were parsed within; {@code null} (no cache) when one of those cannot be read. Two checksums
     * of the same stream make the 64 bits: CRC-32C and Adler-32.
     */
    static Long fingerprint(List<String> classes, YamlLimits limits) {
        CRC32C high = new CRC32C();
        Adler32 low = new Adler32();
        ByteBuffer values = ByteBuffer.allocate(4 * 6).order(ByteOrder.LITTLE_ENDIAN);
        values.putInt(FORMAT).putInt(YamlCodec.FORMAT).putInt(limits.maxCodePoints()).putInt(limits.maxDepth())
                .putInt(limits.maxNodes()).putInt(limits.maxAliases());
        List<byte[]> parts = new ArrayList<>();
        parts.add(values.array());
        parts.add(Runtime.version().toString().getBytes(StandardCharsets.UTF_8));
        ClassLoader loader = RuleFileCache.class.getClassLoader();
        for (String name : concat(classes, SNAKEYAML_VERSION)) {
            parts.add(name.getBytes(StandardCharsets.UTF_8));
            try (InputStream in = loader == null ? null : loader.getResourceAsStream(name)) {
                if (in == null) {
                    return null;
                }
                parts.add(in.readAllBytes());
            } catch (IOException | SecurityException e) {
                return null;
            }
        }
        for (byte[] part : parts) {
            byte[] length = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(part.length).array();
            for (java.util.zip.Checksum checksum : new java.util.zip.Checksum[] {high, low}) {
                checksum.update(length, 0, 4);
                checksum.update(part, 0, part.length);
            }
        }
        return high.getValue() << 32 | low.getValue();
    }

    /** The fingerprint of this build (see {@link #fingerprint(List, YamlLimits)}), {@code null} when none. */
    static Long fingerprint() {
        return fingerprint(PARSER_CLASSES, RuleLoader.YAML_LIMITS);
    }

    private static List<String> concat(List<String> names, String name) {
        List<String> all = new ArrayList<>(names);
        all.add(name);
        return all;
    }
}
