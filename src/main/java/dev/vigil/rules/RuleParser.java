package dev.vigil.rules;

import dev.vigil.rules.yaml.YamlNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns one YAML document into a rule, a filter or a correlation. Checks structure and names (search identifiers,
 * modifiers, condition references); the meaning of values under their modifiers is checked by the compiler.
 */
public final class RuleParser {
    private static final Pattern TIMESPAN = Pattern.compile("(\\d+)([smhdwMy])");

    /** What a document turned out to be. */
    public sealed interface Parsed permits ParsedRule, ParsedFilter, ParsedCorrelation {
    }

    public record ParsedRule(SigmaRule rule, List<Warning> warnings) implements Parsed {
    }

    /** Something doubtful about a rule that still loads, with the line it concerns. */
    public record Warning(int line, String message) {
    }

    public record ParsedFilter(SigmaFilter filter) implements Parsed {
    }

    public record ParsedCorrelation(SigmaCorrelation correlation) implements Parsed {
    }

    public Parsed parse(YamlNode.Mapping document, RuleSource source) throws RuleException {
        if (document.get("correlation") != null) {
            return new ParsedCorrelation(parseCorrelation(document, source));
        }
        if (document.get("filter") != null && document.get("detection") == null) {
            return new ParsedFilter(parseFilter(document, source));
        }
        List<Warning> warnings = new ArrayList<>();
        return new ParsedRule(parseRule(document, source, warnings), warnings);
    }

    private SigmaRule parseRule(YamlNode.Mapping document, RuleSource source, List<Warning> warnings)
            throws RuleException {
        String title = Nodes.text(document, "title", true);
        String levelText = Nodes.text(document, "level", false);
        Level level = Level.MEDIUM;
        if (levelText != null) {
            level = Level.parse(levelText).orElseThrow(() -> new RuleException(lineOf(document, "level"),
                    "level '" + levelText + "' is not one of informational, low, medium, high, critical"));
        } else {
            warnings.add(new Warning(document.line(), "no level given; treated as medium"));
        }
        return new SigmaRule(
                Nodes.text(document, "id", false),
                Nodes.text(document, "name", false),
                title,
                Nodes.text(document, "status", false),
                Nodes.text(document, "description", false),
                Nodes.text(document, "author", false),
                Nodes.text(document, "date", false),
                Nodes.text(document, "modified", false),
                Nodes.texts(document, "references"),
                Nodes.texts(document, "tags"),
                Nodes.texts(document, "falsepositives"),
                Nodes.texts(document, "fields"),
                Nodes.text(document, "playbook", false),
                level,
                parseLogSource(Nodes.mapping(document, "logsource", true)),
                parseDetection(Nodes.mapping(document, "detection", true), "detection", warnings),
                List.of(),
                source);
    }

    private SigmaFilter parseFilter(YamlNode.Mapping document, RuleSource source) throws RuleException {
        YamlNode.Mapping filter = Nodes.mapping(document, "filter", true);
        List<String> rules = Nodes.texts(filter, "rules");
        if (rules.isEmpty()) {
            throw new RuleException(filter.line(), "filter names no rules in 'filter.rules'");
        }
        List<YamlNode.Entry> entries = new ArrayList<>();
        for (YamlNode.Entry entry : filter.entries()) {
            if (!entry.key().text().equals("rules")) {
                entries.add(entry);
            }
        }
        Detection detection = parseDetection(new YamlNode.Mapping(entries, filter.line()), "filter", new ArrayList<>());
        return new SigmaFilter(Nodes.text(document, "id", false), Nodes.text(document, "title", true),
                parseLogSource(Nodes.mapping(document, "logsource", false)), rules, detection, source);
    }

    private SigmaCorrelation parseCorrelation(YamlNode.Mapping document, RuleSource source) throws RuleException {
        YamlNode.Mapping correlation = Nodes.mapping(document, "correlation", true);
        String typeText = Nodes.text(correlation, "type", true);
        SigmaCorrelation.Type type = SigmaCorrelation.Type.parse(typeText).orElseThrow(() -> new RuleException(
                lineOf(correlation, "type"), "correlation type '" + typeText + "' is not one of event_count, "
                        + "value_count, temporal, temporal_ordered, value_sum, value_avg, value_percentile"));
        List<String> rules = Nodes.texts(correlation, "rules");
        if (rules.isEmpty()) {
            throw new RuleException(correlation.line(), "correlation names no rules in 'rules'");
        }
        String timespanText = Nodes.text(correlation, "timespan", true);
        Duration timespan = parseTimespan(timespanText)
                .orElseThrow(() -> new RuleException(lineOf(correlation, "timespan"), "timespan '" + timespanText
                        + "' is not a number followed by s, m, h, d, w, M or y"));
        SigmaCorrelation.Threshold threshold = parseThreshold(correlation, type);
        String levelText = Nodes.text(document, "level", false);
        Level level = levelText == null ? Level.MEDIUM : Level.parse(levelText).orElseThrow(() -> new RuleException(
                lineOf(document, "level"), "level '" + levelText + "' is not a Sigma level"));
        // the specification's schema puts generate at the top level; some tools write it inside 'correlation'
        YamlNode generateNode = document.get("generate") != null ? document.get("generate") : correlation.get("generate");
        boolean generate = false;
        if (generateNode != null) {
            if (!(generateNode instanceof YamlNode.Scalar scalar) || scalar.type() != YamlNode.ScalarType.BOOLEAN) {
                throw new RuleException(generateNode.line(), "'generate' must be true or false");
            }
            generate = scalar.booleanValue();
        }
        return new SigmaCorrelation(Nodes.text(document, "id", false), Nodes.text(document, "name", false),
                Nodes.text(document, "title", true), level, Nodes.texts(document, "tags"), type, rules,
                Nodes.texts(correlation, "group-by"), timespan, threshold, generate, parseAliases(correlation),
                Nodes.text(document, "playbook", false), source);
    }

    private static SigmaCorrelation.Threshold parseThreshold(YamlNode.Mapping correlation, SigmaCorrelation.Type type)
            throws RuleException {
        YamlNode.Mapping condition = Nodes.mapping(correlation, "condition",
                type != SigmaCorrelation.Type.TEMPORAL && type != SigmaCorrelation.Type.TEMPORAL_ORDERED);
        if (condition == null) {
            return new SigmaCorrelation.Threshold(null, Map.of());
        }
        String field = null;
        List<String> fields = new ArrayList<>();
        Map<String, Double> comparisons = new LinkedHashMap<>();
        for (YamlNode.Entry entry : condition.entries()) {
            String key = entry.key().text();
            if (key.equals("field")) {
                if (entry.value() instanceof YamlNode.Scalar scalar) {
                    fields.add(scalar.text());
                } else if (entry.value() instanceof YamlNode.Sequence list && !list.items().isEmpty()
                        && type == SigmaCorrelation.Type.VALUE_COUNT) {
                    for (YamlNode item : list.items()) {
                        if (!(item instanceof YamlNode.Scalar scalar)) {
                            throw new RuleException(item.line(), "'condition.field' must list field names");
                        }
                        fields.add(scalar.text());
                    }
                } else {
                    throw new RuleException(entry.value().line(), "'condition.field' must be a field name"
                            + (type == SigmaCorrelation.Type.VALUE_COUNT ? " or a list of them" : ""));
                }
                field = fields.get(0);
                continue;
            }
            if (!List.of("gt", "gte", "lt", "lte", "eq", "neq").contains(key)) {
                throw new RuleException(entry.key().line(),
                        "correlation condition '" + key + "' is not one of gt, gte, lt, lte, eq, neq, field");
            }
            if (!(entry.value() instanceof YamlNode.Scalar scalar)
                    || (scalar.type() != YamlNode.ScalarType.INTEGER && scalar.type() != YamlNode.ScalarType.FLOAT)) {
                throw new RuleException(entry.value().line(), "correlation condition '" + key + "' needs a number");
            }
            comparisons.put(key, Double.parseDouble(scalar.text()));
        }
        if (comparisons.isEmpty()) {
            throw new RuleException(condition.line(), "correlation condition has no comparison (gt, gte, lt, lte, eq, neq)");
        }
        if (type.needsField() && field == null) {
            throw new RuleException(condition.line(), type.label() + " correlation needs 'condition.field'");
        }
        return new SigmaCorrelation.Threshold(field, comparisons, fields);
    }

    private static Map<String, Map<String, String>> parseAliases(YamlNode.Mapping correlation) throws RuleException {
        YamlNode.Mapping aliases = Nodes.mapping(correlation, "aliases", false);
        Map<String, Map<String, String>> result = new LinkedHashMap<>();
        if (aliases == null) {
            return result;
        }
        for (YamlNode.Entry alias : aliases.entries()) {
            if (!(alias.value() instanceof YamlNode.Mapping perRule)) {
                throw new RuleException(alias.value().line(), "alias '" + alias.key().text() + "' must map rule names to fields");
            }
            Map<String, String> fields = new LinkedHashMap<>();
            for (YamlNode.Entry entry : perRule.entries()) {
                if (!(entry.value() instanceof YamlNode.Scalar scalar)) {
                    throw new RuleException(entry.value().line(), "alias '" + alias.key().text() + "' must give a field name for rule " + entry.key().text());
                }
                fields.put(entry.key().text(), scalar.text());
            }
            result.put(alias.key().text(), fields);
        }
        return result;
    }

    /** Sigma timespans: a number and one of s, m, h, d, w, M (30 days), y (365 days). */
    public static java.util.Optional<Duration> parseTimespan(String text) {
        Matcher matcher = TIMESPAN.matcher(text.strip());
        if (!matcher.matches()) {
            return java.util.Optional.empty();
        }
        long amount;
        try {
            amount = Long.parseLong(matcher.group(1));
        } catch (NumberFormatException tooLarge) {
            return java.util.Optional.empty();
        }
        try {
            Duration unit = switch (matcher.group(2)) {
                case "s" -> Duration.ofSeconds(1);
                case "m" -> Duration.ofMinutes(1);
                case "h" -> Duration.ofHours(1);
                case "d" -> Duration.ofDays(1);
                case "w" -> Duration.ofDays(7);
                case "M" -> Duration.ofDays(30);
                default -> Duration.ofDays(365);
            };
            return java.util.Optional.of(unit.multipliedBy(amount));
        } catch (ArithmeticException overflow) {
            return java.util.Optional.empty();
        }
    }

    private static LogSource parseLogSource(YamlNode.Mapping logsource) throws RuleException {
        if (logsource == null) {
            return new LogSource(null, null, null);
        }
        return new LogSource(Nodes.text(logsource, "product", false), Nodes.text(logsource, "category", false),
                Nodes.text(logsource, "service", false));
    }

    private Detection parseDetection(YamlNode.Mapping detection, String section, List<Warning> warnings)
            throws RuleException {
        Map<String, Search> searches = new LinkedHashMap<>();
        YamlNode conditionNode = null;
        for (YamlNode.Entry entry : detection.entries()) {
            String name = entry.key().text();
            if (name.equals("condition")) {
                conditionNode = entry.value();
            } else if (name.equals("timeframe")) {
                throw new RuleException(entry.key().line(),
                        "'timeframe' belongs to Sigma 1 aggregations; write a correlation rule instead");
            } else {
                searches.put(name, parseSearch(entry.value(), name, warnings));
            }
        }
        if (conditionNode == null) {
            throw new RuleException(detection.line(), "'" + section + "' has no 'condition'");
        }
        List<String> conditionTexts = new ArrayList<>();
        if (conditionNode instanceof YamlNode.Scalar scalar && !scalar.isNull()) {
            conditionTexts.add(scalar.text());
        } else if (conditionNode instanceof YamlNode.Sequence sequence && !sequence.items().isEmpty()) {
            for (YamlNode item : sequence.items()) {
                if (!(item instanceof YamlNode.Scalar scalar)) {
                    throw new RuleException(item.line(), "each condition must be text, not " + item.describe());
                }
                conditionTexts.add(scalar.text());
            }
        } else {
            throw new RuleException(conditionNode.line(), "'condition' must be text or a list of text");
        }
        List<Condition> conditions = new ArrayList<>();
        for (String text : conditionTexts) {
            Condition condition;
            try {
                condition = ConditionParser.parse(text);
            } catch (ConditionParser.ConditionException e) {
                throw new RuleException(conditionNode.line(),
                        "condition '" + text + "': " + e.getMessage() + " (at column " + e.column() + ")");
            }
            checkReferences(condition, searches, conditionNode.line());
            conditions.add(condition);
        }
        if (searches.isEmpty()) {
            throw new RuleException(detection.line(), "'" + section + "' defines no search identifiers");
        }
        Condition condition = conditions.size() == 1 ? conditions.get(0) : new Condition.Or(conditions);
        return new Detection(searches, condition, String.join(" | ", conditionTexts));
    }

    private static void checkReferences(Condition condition, Map<String, Search> searches, int line)
            throws RuleException {
        if (condition instanceof Condition.And and) {
            for (Condition operand : and.operands()) {
                checkReferences(operand, searches, line);
            }
        } else if (condition instanceof Condition.Or or) {
            for (Condition operand : or.operands()) {
                checkReferences(operand, searches, line);
            }
        } else if (condition instanceof Condition.Not not) {
            checkReferences(not.operand(), searches, line);
        } else if (condition instanceof Condition.Reference reference) {
            if (!searches.containsKey(reference.name())) {
                throw new RuleException(line, "condition refers to '" + reference.name()
                        + "', which is not a search identifier of this rule");
            }
        } else if (condition instanceof Condition.Quantified quantified) {
            if (SearchNames.expand(quantified.pattern(), searches.keySet()).isEmpty()) {
                throw new RuleException(line, quantified.pattern() == null
                        ? "'of them' but the rule has no search identifiers"
                        : "'" + quantified.pattern() + "' matches no search identifier of this rule");
            }
        }
    }

    private Search parseSearch(YamlNode node, String name, List<Warning> warnings) throws RuleException {
        if (node instanceof YamlNode.Mapping mapping) {
            return parseMap(mapping, name, warnings);
        }
        if (node instanceof YamlNode.Sequence sequence) {
            if (sequence.items().isEmpty()) {
                throw new RuleException(sequence.line(), "search '" + name + "' is an empty list");
            }
            List<Search> alternatives = new ArrayList<>();
            List<SigmaValue> keywords = new ArrayList<>();
            int keywordLine = sequence.line();
            for (YamlNode item : sequence.items()) {
                if (item instanceof YamlNode.Mapping mapping) {
                    alternatives.add(parseMap(mapping, name, warnings));
                } else if (item instanceof YamlNode.Scalar scalar) {
                    if (keywords.isEmpty()) {
                        keywordLine = scalar.line();
                    }
                    keywords.add(value(scalar));
                } else {
                    throw new RuleException(item.line(), "search '" + name + "' may not contain a nested list");
                }
            }
            if (!keywords.isEmpty()) {
                alternatives.add(new Search.Test(new FieldTest(null, List.of(), keywords, keywordLine)));
            }
            return alternatives.size() == 1 ? alternatives.get(0) : new Search.AnyOf(alternatives);
        }
        YamlNode.Scalar scalar = (YamlNode.Scalar) node;
        if (scalar.isNull()) {
            throw new RuleException(scalar.line(), "search '" + name + "' is empty");
        }
        return new Search.Test(new FieldTest(null, List.of(), List.of(value(scalar)), scalar.line()));
    }

    private Search parseMap(YamlNode.Mapping mapping, String name, List<Warning> warnings) throws RuleException {
        if (mapping.entries().isEmpty()) {
            throw new RuleException(mapping.line(), "search '" + name + "' is an empty map");
        }
        List<Search> tests = new ArrayList<>();
        for (YamlNode.Entry entry : mapping.entries()) {
            tests.add(new Search.Test(parseFieldTest(entry, name, warnings)));
        }
        return tests.size() == 1 ? tests.get(0) : new Search.AllOf(tests);
    }

    private FieldTest parseFieldTest(YamlNode.Entry entry, String searchName, List<Warning> warnings)
            throws RuleException {
        String key = entry.key().text();
        int line = entry.key().line();
        String[] parts = key.split("\\|", -1);
        String field = parts[0].isEmpty() ? null : parts[0];
        List<Modifier> modifiers = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
            String label = parts[i];
            Modifier modifier = Modifier.parse(label).orElseThrow(() -> new RuleException(line,
                    "unknown modifier '" + label + "' in '" + key + "' of search '" + searchName + "'"));
            modifiers.add(modifier);
        }
        List<SigmaValue> values = new ArrayList<>();
        YamlNode value = entry.value();
        if (value instanceof YamlNode.Scalar scalar) {
            values.add(value(scalar));
        } else if (value instanceof YamlNode.Sequence sequence) {
            for (YamlNode item : sequence.items()) {
                if (!(item instanceof YamlNode.Scalar scalar)) {
                    throw new RuleException(item.line(), "values of '" + key + "' must be plain values, not " + item.describe());
                }
                SigmaValue parsed = value(scalar);
                if (parsed instanceof SigmaValue.Null && sequence.items().size() > 1) {
                    throw new RuleException(item.line(), "null cannot be part of a list of values in '" + key
                            + "'; put it in its own search");
                }
                values.add(parsed);
            }
        } else {
            throw new RuleException(value.line(), "'" + key + "' must have a value or a list of values, not " + value.describe());
        }
        if (modifiers.contains(Modifier.ALL) && values.size() == 1) {
            warnings.add(new Warning(line, "'" + key + "' has 'all' with a single value, which the modifiers appendix "
                    + "does not allow; it means the same as the value alone"));
        }
        return new FieldTest(field, modifiers, values, line);
    }

    private static SigmaValue value(YamlNode.Scalar scalar) {
        return switch (scalar.type()) {
            case STRING -> new SigmaValue.Text(scalar.text());
            case INTEGER, FLOAT -> new SigmaValue.Number(scalar.text());
            case BOOLEAN -> new SigmaValue.Bool(scalar.booleanValue());
            case NULL -> new SigmaValue.Null();
        };
    }

    private static int lineOf(YamlNode.Mapping map, String key) {
        for (YamlNode.Entry entry : map.entries()) {
            if (entry.key().text().equals(key)) {
                return entry.key().line();
            }
        }
        return map.line();
    }
}
