package dev.vigil.runtime;

import dev.vigil.engine.Detector;
import dev.vigil.engine.Placeholders;
import dev.vigil.respond.Playbook;
import dev.vigil.respond.Playbooks;
import dev.vigil.rules.RuleFileCache;
import dev.vigil.rules.RuleLoader;
import dev.vigil.rules.RuleProblem;
import dev.vigil.rules.RuleSet;
import dev.vigil.rules.SigmaCorrelation;
import dev.vigil.rules.SigmaRule;
import dev.vigil.rules.mapping.LogsourceMapping;
import dev.vigil.rules.mapping.MappingLoader;
import dev.vigil.rules.yaml.SafeYaml;
import dev.vigil.rules.yaml.YamlException;
import dev.vigil.rules.yaml.YamlLimits;
import dev.vigil.rules.yaml.YamlNode;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a hunt needs to match: the rules (built-in pack and the user's), the logsource mapping and the
 * placeholder values, loaded and compiled. Problems of every stage are kept, in order, for the summary and lint.
 */
public record RuleCatalog(RuleSet rules, Detector.Compilation compilation, List<RuleProblem> problems) {

    /**
     * Options for loading: which rule paths, whether the built-in pack is included, extra mapping files, and the
     * directory of the cache of parsed rule files ({@link RuleFileCache}; {@code null}: none).
     */
    public record Options(List<Path> rulePaths, boolean builtIn, List<Path> mappingFiles, Path placeholderFile,
                          Path ruleCache) {
        public Options {
            rulePaths = List.copyOf(rulePaths);
            mappingFiles = List.copyOf(mappingFiles);
        }

        /** Options without a cache of parsed rule files. */
        public Options(List<Path> rulePaths, boolean builtIn, List<Path> mappingFiles, Path placeholderFile) {
            this(rulePaths, builtIn, mappingFiles, placeholderFile, null);
        }
    }

    /** The environment variable that moves the cache of parsed rule files, or turns it off with {@code off}. */
    public static final String RULE_CACHE_VARIABLE = "VIGIL_RULE_CACHE";

    /**
     * Where the cache of parsed rule files goes: {@value #RULE_CACHE_VARIABLE} when set ({@code off} or empty: no
     * cache), else the user's cache directory: {@code %LOCALAPPDATA%\vigil\cache} on Windows,
     * {@code ~/Library/Caches/vigil} on macOS, {@code $XDG_CACHE_HOME/vigil} or {@code ~/.cache/vigil} elsewhere;
     * {@code null} when none is known: the home, {@code LOCALAPPDATA} and {@code XDG_CACHE_HOME} count only when
     * absolute, and a name the file system cannot hold (a NUL character, say) means no cache rather than an error.
     */
    public static Path ruleCacheDirectory(Map<String, String> environment, String osName, String userHome) {
        try {
            return chooseRuleCacheDirectory(environment, osName, userHome);
        } catch (InvalidPathException e) {
            return null; // a name this file system cannot hold: run without a cache
        }
    }

    private static Path chooseRuleCacheDirectory(Map<String, String> environment, String osName, String userHome) {
        String chosen = environment.get(RULE_CACHE_VARIABLE);
        if (chosen != null) {
            return chosen.isBlank() || chosen.strip().equalsIgnoreCase("off") ? null : Path.of(chosen);
        }
        String os = osName == null ? "" : osName.toLowerCase(java.util.Locale.ROOT);
        if (os.startsWith("windows")) {
            String local = environment.get("LOCALAPPDATA");
            return local != null && WINDOWS_ABSOLUTE.matcher(local).lookingAt() ? Path.of(local, "vigil", "cache") : null;
        }
        if (!absolute(userHome)) { // no home, or "?" when the user has no passwd entry
            return null;
        }
        if (os.startsWith("mac")) {
            return Path.of(userHome, "Library", "Caches", "vigil");
        }
        String xdg = environment.get("XDG_CACHE_HOME");
        if (absolute(xdg)) {
            return Path.of(xdg, "vigil");
        }
        return Path.of(userHome, ".cache", "vigil");
    }

    /** A Windows path that does not depend on the working folder: a drive and a separator, or a UNC name. */
    private static final java.util.regex.Pattern WINDOWS_ABSOLUTE = java.util.regex.Pattern.compile("[A-Za-z]:[\\\\/]|[\\\\/]{2}[^\\\\/]");

    private static boolean absolute(String path) {
        return path != null && !path.isBlank() && Path.of(path).isAbsolute();
    }

    /** A problem that stops loading altogether: a bad mapping or placeholder file. */
    public static final class CatalogException extends Exception {
        public CatalogException(String message) {
            super(message);
        }
    }

    public static RuleCatalog load(Options options) throws CatalogException {
        RuleFileCache cache = options.ruleCache() == null ? null : RuleFileCache.open(options.ruleCache());
        RuleLoader loader = new RuleLoader(cache);
        if (options.builtIn()) {
            addBuiltIn(loader);
        }
        for (Path path : options.rulePaths()) {
            loader.addPath(path);
        }
        if (cache != null) {
            cache.save();
        }
        RuleSet ruleSet = loader.build();
        MappingLoader mappingLoader = new MappingLoader();
        try {
            mappingLoader.addBuiltIn();
            for (Path file : options.mappingFiles()) {
                mappingLoader.addFile(file);
            }
        } catch (MappingLoader.MappingException e) {
            throw new CatalogException(e.getMessage());
        }
        LogsourceMapping mapping = mappingLoader.build();
        Placeholders placeholders = options.placeholderFile() == null ? Placeholders.NONE
                : loadPlaceholders(options.placeholderFile());
        Detector.Compilation compilation = Detector.compile(ruleSet, mapping, placeholders);
        List<RuleProblem> problems = new ArrayList<>(ruleSet.problems());
        problems.addAll(compilation.problems());
        problems.addAll(unknownPlaybooks(ruleSet));
        return new RuleCatalog(ruleSet, compilation, problems);
    }

    /** A warning for each rule whose {@code playbook} names none of the bundled playbooks. */
    private static List<RuleProblem> unknownPlaybooks(RuleSet ruleSet) {
        Playbooks playbooks = Playbooks.bundled();
        List<RuleProblem> problems = new ArrayList<>();
        List<SigmaRule> named = new ArrayList<>(ruleSet.rules());
        for (SigmaCorrelation correlation : ruleSet.correlations()) {
            named.add(dev.vigil.correlate.Correlator.asRule(correlation));
        }
        for (SigmaRule rule : named) {
            if (rule.playbook() != null && !playbooks.contains(rule.playbook())) {
                problems.add(new RuleProblem(RuleProblem.Severity.WARNING, rule.source().file(), rule.source().line(),
                        rule.displayId(), "playbook '" + rule.playbook() + "' is not one of Vigil's playbooks ("
                                + String.join(", ", playbooks.all().stream().map(Playbook::name).toList()) + ")"));
            }
        }
        return problems;
    }

    public Detector detector() {
        return compilation.detector();
    }

    /** Documents that did not load or compile. */
    public int rejected() {
        return rules.rejected() + compilation.rejected();
    }

    /** Rules, filters and correlations that loaded and compiled. */
    public int loaded() {
        return rules.loaded() - compilation.rejected();
    }

    private static void addBuiltIn(RuleLoader loader) throws CatalogException {
        loader.addPath(builtInRoot());
    }

    /** The built-in pack's folder, on the class path (a folder in development, inside the jar when installed). */
    public static Path builtInRoot() throws CatalogException {
        URL url = RuleCatalog.class.getResource("/dev/vigil/rules/builtin");
        if (url == null) {
            throw new CatalogException("the built-in rule pack is missing from this build");
        }
        try {
            URI uri = url.toURI();
            if (uri.getScheme().equals("jar")) {
                FileSystem fileSystem;
                try {
                    fileSystem = FileSystems.newFileSystem(uri, Map.of());
                } catch (FileSystemAlreadyExistsException e) {
                    fileSystem = FileSystems.getFileSystem(uri);
                }
                return fileSystem.getPath("/dev/vigil/rules/builtin");
            }
            return Path.of(uri);
        } catch (URISyntaxException | IOException e) {
            throw new CatalogException("cannot read the built-in rule pack: " + e.getMessage());
        }
    }

    /** A YAML map from placeholder name (without {@code %}) to a value or list of values. */
    public static Placeholders loadPlaceholders(Path file) throws CatalogException {
        try {
            List<YamlNode> documents = new SafeYaml(YamlLimits.RULES).parseAll(Files.readString(file, StandardCharsets.UTF_8));
            Map<String, List<String>> values = new LinkedHashMap<>();
            for (YamlNode document : documents) {
                if (!(document instanceof YamlNode.Mapping mapping)) {
                    throw new CatalogException(file + ":" + document.line() + ": placeholder file must map names to values");
                }
                for (YamlNode.Entry entry : mapping.entries()) {
                    List<String> list = new ArrayList<>();
                    if (entry.value() instanceof YamlNode.Scalar scalar) {
                        list.add(scalar.text());
                    } else if (entry.value() instanceof YamlNode.Sequence sequence) {
                        for (YamlNode item : sequence.items()) {
                            if (!(item instanceof YamlNode.Scalar scalar)) {
                                throw new CatalogException(file + ":" + item.line() + ": placeholder values must be plain values");
                            }
                            list.add(scalar.text());
                        }
                    } else {
                        throw new CatalogException(file + ":" + entry.value().line() + ": placeholder '" + entry.key().text()
                                + "' must have a value or a list of values");
                    }
                    values.put(entry.key().text(), list);
                }
            }
            return new Placeholders(values);
        } catch (YamlException e) {
            throw new CatalogException(file + ":" + e.line() + ": " + e.getMessage());
        } catch (IOException e) {
            throw new CatalogException(file + ": cannot read: " + e.getMessage());
        }
    }
}
