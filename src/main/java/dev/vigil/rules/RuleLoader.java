package dev.vigil.rules;

import dev.vigil.rules.yaml.SafeYaml;
import dev.vigil.rules.yaml.YamlException;
import dev.vigil.rules.yaml.YamlLimits;
import dev.vigil.rules.yaml.YamlNode;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Loads Sigma files and folders into a {@link RuleSet}, collecting every problem instead of stopping at the
 * first. A file may hold several documents; Sigma 1 collections ({@code action: global | reset | repeat}) are
 * merged as that format describes. Filters are applied to the rules they name once everything is read.
 */
public final class RuleLoader {
    private static final long MAX_FILE_BYTES = 8L * 1024 * 1024;

    /** The limits rule files are parsed within (also part of {@link RuleFileCache}'s fingerprint). */
    public static final YamlLimits YAML_LIMITS = YamlLimits.RULES;

    private final SafeYaml yaml = new SafeYaml(YAML_LIMITS);
    private final RuleParser parser = new RuleParser();
    /** Files parsed by earlier runs, or {@code null}: see {@link ParsedFiles}. */
    private final ParsedFiles parsedFiles;
    private final List<SigmaRule> rules = new ArrayList<>();
    private final List<SigmaCorrelation> correlations = new ArrayList<>();
    private final List<SigmaFilter> filters = new ArrayList<>();
    private final List<RuleProblem> problems = new ArrayList<>();
    private int rejected;

    /** A loader that parses every file it reads. */
    public RuleLoader() {
        this(null);
    }

    /**
     * A loader that takes a file's YAML documents from {@code parsedFiles} when it holds the file's exact bytes, and
     * gives it those of the files it parses; {@code null} for none. Problems and rules come out the same either way:
     * only the YAML parse is skipped, the rule parser runs on the documents as before.
     */
    public RuleLoader(ParsedFiles parsedFiles) {
        this.parsedFiles = parsedFiles;
    }

    /** Adds every {@code .yml}/{@code .yaml} file under a path (a file or a folder, recursively, sorted). */
    public RuleLoader addPath(Path path) {
        if (Files.isDirectory(path)) {
            List<Path> files;
            try (Stream<Path> walk = Files.walk(path)) {
                files = walk.filter(Files::isRegularFile).filter(RuleLoader::isRuleFile).sorted(Comparator.comparing(Path::toString)).toList();
            } catch (IOException | java.io.UncheckedIOException e) {
                problems.add(new RuleProblem(RuleProblem.Severity.ERROR, path.toString(), 0, null, "cannot list folder: " + e.getMessage()));
                rejected++;
                return this;
            }
            for (Path file : files) {
                addFile(file);
            }
        } else if (Files.isRegularFile(path)) {
            addFile(path);
        } else {
            problems.add(new RuleProblem(RuleProblem.Severity.ERROR, path.toString(), 0, null, "no such file or folder"));
            rejected++;
        }
        return this;
    }

    private static boolean isRuleFile(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return (name.endsWith(".yml") || name.endsWith(".yaml")) && !name.endsWith(".tests.yml") && !name.startsWith(".");
    }

    private void addFile(Path file) {
        byte[] content;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                fail(file.toString(), 0, null, "file is larger than " + MAX_FILE_BYTES + " bytes");
                return;
            }
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            fail(file.toString(), 0, null, "cannot read: " + e.getMessage());
            return;
        }
        List<YamlNode> documents = parsedFiles == null ? null : parsedFiles.find(content);
        if (documents != null) {
            addDocuments(file.toString(), documents);
            return;
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            fail(file.toString(), 0, null, "file is not UTF-8 text");
            return;
        }
        documents = parse(file.toString(), text);
        if (documents == null) {
            return;
        }
        if (parsedFiles != null) {
            parsedFiles.remember(content, documents);
        }
        addDocuments(file.toString(), documents);
    }

    /** Adds the documents of one YAML text; {@code name} is used in problems. */
    public RuleLoader addText(String name, String text) {
        List<YamlNode> documents = parse(name, text);
        if (documents != null) {
            addDocuments(name, documents);
        }
        return this;
    }

    /** The YAML documents of a text, or {@code null} after recording the problem when it is not valid YAML. */
    private List<YamlNode> parse(String name, String text) {
        try {
            return yaml.parseAll(text);
        } catch (YamlException e) {
            fail(name, e.line(), null, e.getMessage());
            return null;
        }
    }

    /** Adds a file's parsed documents, merging Sigma 1 collections. */
    private void addDocuments(String name, List<YamlNode> documents) {
        YamlNode.Mapping global = null;
        YamlNode.Mapping previous = null;
        for (YamlNode document : documents) {
            if (document instanceof YamlNode.Scalar scalar && scalar.isNull()) {
                continue;
            }
            if (!(document instanceof YamlNode.Mapping mapping)) {
                fail(name, document.line(), null, "a Sigma document must be a map, not " + document.describe());
                continue;
            }
            YamlNode action = mapping.get("action");
            if (action instanceof YamlNode.Scalar actionScalar) {
                switch (actionScalar.text()) {
                    case "global" -> {
                        global = without(mapping, "action");
                        continue;
                    }
                    case "reset" -> {
                        global = null;
                        continue;
                    }
                    case "repeat" -> {
                        if (previous == null) {
                            fail(name, mapping.line(), null, "'action: repeat' with no document before it");
                            continue;
                        }
                        mapping = merge(previous, without(mapping, "action"));
                    }
                    default -> {
                        fail(name, action.line(), null, "unknown collection action '" + actionScalar.text() + "'");
                        continue;
                    }
                }
            } else if (global != null) {
                mapping = merge(global, mapping);
            }
            previous = mapping;
            addDocument(name, mapping);
        }
    }

    private void addDocument(String name, YamlNode.Mapping document) {
        String id = null;
        if (document.get("id") instanceof YamlNode.Scalar idScalar) {
            id = idScalar.text();
        }
        RuleSource source = new RuleSource(name, document.line());
        try {
            RuleParser.Parsed parsed = parser.parse(document, source);
            if (parsed instanceof RuleParser.ParsedRule rule) {
                rules.add(rule.rule());
                for (RuleParser.Warning warning : rule.warnings()) {
                    problems.add(new RuleProblem(RuleProblem.Severity.WARNING, name, warning.line(), id, warning.message()));
                }
            } else if (parsed instanceof RuleParser.ParsedFilter filter) {
                filters.add(filter.filter());
            } else if (parsed instanceof RuleParser.ParsedCorrelation correlation) {
                correlations.add(correlation.correlation());
            }
        } catch (RuleException e) {
            fail(name, e.line(), id, e.getMessage());
        }
    }

    private void fail(String file, int line, String id, String message) {
        problems.add(new RuleProblem(RuleProblem.Severity.ERROR, file, line, id, message));
        rejected++;
    }

    /** Applies filters, checks correlation references, and returns everything loaded so far. */
    public RuleSet build() {
        Map<String, Integer> byKey = new LinkedHashMap<>();
        List<SigmaRule> filtered = new ArrayList<>(rules);
        for (int i = 0; i < filtered.size(); i++) {
            SigmaRule rule = filtered.get(i);
            if (rule.id() != null) {
                byKey.put(rule.id(), i);
            }
            if (rule.name() != null) {
                byKey.put(rule.name(), i);
            }
        }
        for (SigmaFilter filter : filters) {
            for (String target : filter.rules()) {
                Integer index = byKey.get(target);
                if (index == null) {
                    problems.add(new RuleProblem(RuleProblem.Severity.WARNING, filter.source().file(), filter.source().line(),
                            filter.id(), "filter names rule '" + target + "', which is not loaded"));
                    continue;
                }
                SigmaRule rule = filtered.get(index);
                if (!compatible(filter.logSource(), rule.logSource())) {
                    problems.add(new RuleProblem(RuleProblem.Severity.WARNING, filter.source().file(), filter.source().line(),
                            filter.id(), "filter logsource " + filter.logSource() + " does not match rule '" + target
                            + "' (" + rule.logSource() + "); not applied"));
                    continue;
                }
                filtered.set(index, rule.withFilter(filter.detection()));
            }
        }
        for (SigmaCorrelation correlation : correlations) {
            for (String target : correlation.rules()) {
                boolean known = byKey.containsKey(target) || correlations.stream()
                        .anyMatch(other -> target.equals(other.id()) || target.equals(other.name()));
                if (!known) {
                    problems.add(new RuleProblem(RuleProblem.Severity.WARNING, correlation.source().file(),
                            correlation.source().line(), correlation.id(),
                            "correlation refers to rule '" + target + "', which is not loaded"));
                }
            }
        }
        for (SigmaCorrelation correlation : correlations) {
            if (reachesItself(correlation)) {
                problems.add(new RuleProblem(RuleProblem.Severity.WARNING, correlation.source().file(),
                        correlation.source().line(), correlation.id(), "correlation refers to itself (directly or "
                        + "through other correlations); its alerts are not fed back into it"));
            }
        }
        return new RuleSet(filtered, correlations, filters, problems, rejected);
    }

    /** Whether following the correlation's references through other correlations comes back to it. */
    private boolean reachesItself(SigmaCorrelation start) {
        java.util.Deque<SigmaCorrelation> pending = new java.util.ArrayDeque<>(List.of(start));
        java.util.Set<SigmaCorrelation> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        while (!pending.isEmpty()) {
            SigmaCorrelation current = pending.pop();
            for (String target : current.rules()) {
                for (SigmaCorrelation other : correlations) {
                    if (target.equals(other.id()) || target.equals(other.name())) {
                        if (other == start) {
                            return true;
                        }
                        if (seen.add(other)) {
                            pending.push(other);
                        }
                    }
                }
            }
        }
        return false;
    }

    private static boolean compatible(LogSource filter, LogSource rule) {
        return (filter.product() == null || filter.product().equals(rule.product()))
                && (filter.category() == null || filter.category().equals(rule.category()))
                && (filter.service() == null || filter.service().equals(rule.service()));
    }

    private static YamlNode.Mapping without(YamlNode.Mapping mapping, String key) {
        List<YamlNode.Entry> entries = new ArrayList<>();
        for (YamlNode.Entry entry : mapping.entries()) {
            if (!entry.key().text().equals(key)) {
                entries.add(entry);
            }
        }
        return new YamlNode.Mapping(entries, mapping.line());
    }

    /** Deep merge for collections: maps merge key by key, anything else in {@code overlay} replaces. */
    private static YamlNode.Mapping merge(YamlNode.Mapping base, YamlNode.Mapping overlay) {
        Map<String, YamlNode.Entry> merged = new LinkedHashMap<>();
        for (YamlNode.Entry entry : base.entries()) {
            merged.put(entry.key().text(), entry);
        }
        for (YamlNode.Entry entry : overlay.entries()) {
            YamlNode.Entry existing = merged.get(entry.key().text());
            if (existing != null && existing.value() instanceof YamlNode.Mapping baseMap
                    && entry.value() instanceof YamlNode.Mapping overlayMap) {
                merged.put(entry.key().text(), new YamlNode.Entry(entry.key(), merge(baseMap, overlayMap)));
            } else {
                merged.put(entry.key().text(), entry);
            }
        }
        return new YamlNode.Mapping(new ArrayList<>(merged.values()), overlay.line());
    }
}
