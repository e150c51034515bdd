package dev.vigil.rules.yaml;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.common.Anchor;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.MappingStartEvent;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.events.SequenceStartEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * Reads YAML text into {@link YamlNode} trees, one per document.
 *
 * <p>Design: we consume SnakeYAML Engine's <em>event</em> stream and build the tree ourselves, iteratively, rather
 * than using its composer. That way no tag can construct an object (tags other than the core ones are rejected),
 * nesting depth is checked before recursion could overflow the stack, alias expansion is counted against a node
 * budget (the "billion laughs" attack), and duplicate keys are errors with the line of the second key. Plain
 * scalars resolve by the YAML 1.2 core schema, which is what Sigma rules are written against.
 */
public final class SafeYaml {
    private static final Pattern INTEGER = Pattern.compile("[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+");
    private static final Pattern FLOAT =
            Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)");
    private static final Set<String> NULLS = Set.of("", "~", "null", "Null", "NULL");
    private static final Set<String> BOOLEANS = Set.of("true", "True", "TRUE", "false", "False", "FALSE");
    private static final Set<String> CORE_TAGS = Set.of(
            "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool",
            "tag:yaml.org,2002:null", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map", "!");

    private final YamlLimits limits;

    public SafeYaml(YamlLimits limits) {
        this.limits = requireNonNull(limits, "limits is null");
    }

    /** Parses every document of the text. */
    public List<YamlNode> parseAll(String text) throws YamlException {
        if (text.codePointCount(0, text.length()) > limits.maxCodePoints()) {
            throw new YamlException(0, "file is larger than " + limits.maxCodePoints() + " characters");
        }
        LoadSettings settings = LoadSettings.builder()
                .setCodePointLimit(Math.max(limits.maxCodePoints(), 1))
                .setMaxAliasesForCollections(limits.maxAliases())
                .setAllowDuplicateKeys(false)
                .setUseMarks(true)
                // a buffer holding the whole text avoids a SnakeYAML Engine fault with surrogate pairs at buffer edges
                .setBufferSize(text.length() + 16)
                .build();
        List<YamlNode> documents = new ArrayList<>();
        try {
            Iterator<Event> events = new Parse(settings).parseString(text).iterator();
            Builder builder = new Builder();
            while (events.hasNext()) {
                Event event = events.next();
                YamlNode document = builder.accept(event);
                if (document != null) {
                    documents.add(document);
                }
            }
        } catch (YamlEngineException | IllegalStateException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new YamlException(lineOf(e.getMessage()), "invalid YAML: " + firstLine(e.getMessage()));
        } catch (StackOverflowError e) {
            throw new YamlException(0, "invalid YAML: nested too deeply");
        }
        return documents;
    }

    private final class Builder {
        private final Deque<Frame> stack = new ArrayDeque<>();
        private final Map<String, YamlNode> anchors = new HashMap<>();
        private final Map<String, Integer> anchorSizes = new HashMap<>();
        private int nodes;
        private int aliases;
        private YamlNode finished;

        /** Feeds one parser event; returns a document's root when one is complete. */
        YamlNode accept(Event event) throws YamlException {
            int line = line(event);
            switch (event.getEventId()) {
                case StreamStart, StreamEnd, DocumentStart, Comment -> {
                    return null;
                }
                case DocumentEnd -> {
                    YamlNode document = finished;
                    finished = null;
                    anchors.clear();
                    anchorSizes.clear();
                    return document == null ? new YamlNode.Scalar("", YamlNode.ScalarType.NULL, line) : document;
                }
                case Scalar -> {
                    ScalarEvent scalar = (ScalarEvent) event;
                    checkTag(scalar.getTag().orElse(null), line);
                    YamlNode node = new YamlNode.Scalar(scalar.getValue(), resolve(scalar), line);
                    count(1, line);
                    remember(scalar, node, 1);
                    add(node, line);
                }
                case SequenceStart -> {
                    checkTag(((SequenceStartEvent) event).getTag().orElse(null), line);
                    open(new Frame((NodeEvent) event, line, true));
                }
                case MappingStart -> {
                    checkTag(((MappingStartEvent) event).getTag().orElse(null), line);
                    open(new Frame((NodeEvent) event, line, false));
                }
                case SequenceEnd, MappingEnd -> {
                    Frame frame = stack.pop();
                    YamlNode node = frame.build();
                    remember(frame.start, node, frame.size);
                    add(node, frame.line);
                }
                case Alias -> {
                    Anchor anchor = ((AliasEvent) event).getAlias();
                    YamlNode target = anchors.get(anchor.getValue());
                    if (target == null) {
                        throw new YamlException(line, "alias *" + anchor.getValue() + " refers to no anchor");
                    }
                    aliases++;
                    if (aliases > limits.maxAliases()) {
                        throw new YamlException(line, "more than " + limits.maxAliases() + " aliases");
                    }
                    count(anchorSizes.getOrDefault(anchor.getValue(), 1), line);
                    add(target, line);
                }
            }
            return null;
        }

        private void open(Frame frame) throws YamlException {
            if (stack.size() >= limits.maxDepth()) {
                throw new YamlException(frame.line, "nested more than " + limits.maxDepth() + " levels deep");
            }
            count(1, frame.line);
            stack.push(frame);
        }

        private void count(int size, int line) throws YamlException {
            nodes += size;
            if (nodes > limits.maxNodes() || nodes < 0) {
                throw new YamlException(line, "document expands to more than " + limits.maxNodes() + " nodes");
            }
        }

        private void remember(NodeEvent event, YamlNode node, int size) {
            event.getAnchor().ifPresent(anchor -> {
                anchors.put(anchor.getValue(), node);
                anchorSizes.put(anchor.getValue(), size);
            });
        }

        private void add(YamlNode node, int line) throws YamlException {
            if (stack.isEmpty()) {
                finished = node;
                return;
            }
            stack.peek().add(node, line);
        }
    }

    private static final class Frame {
        final NodeEvent start;
        final int line;
        final boolean sequence;
        final List<YamlNode> items = new ArrayList<>();
        final Set<String> keys = new HashSet<>();
        int size = 1;

        Frame(NodeEvent start, int line, boolean sequence) {
            this.start = start;
            this.line = line;
            this.sequence = sequence;
        }

        void add(YamlNode node, int line) throws YamlException {
            size += 1;
            if (!sequence && items.size() % 2 == 0) {
                if (!(node instanceof YamlNode.Scalar key)) {
                    throw new YamlException(line, "a map key must be a plain value, not " + node.describe());
                }
                if (!keys.add(key.text())) {
                    throw new YamlException(line, "duplicate key '" + key.text() + "'");
                }
            }
            items.add(node);
        }

        YamlNode build() {
            if (sequence) {
                return new YamlNode.Sequence(items, line);
            }
            List<YamlNode.Entry> entries = new ArrayList<>(items.size() / 2);
            for (int i = 0; i + 1 < items.size(); i += 2) {
                entries.add(new YamlNode.Entry((YamlNode.Scalar) items.get(i), items.get(i + 1)));
            }
            return new YamlNode.Mapping(entries, line);
        }
    }

    private static void checkTag(String tag, int line) throws YamlException {
        if (tag != null && !CORE_TAGS.contains(tag)) {
            throw new YamlException(line, "YAML tag " + tag + " is not allowed");
        }
    }

    private static YamlNode.ScalarType resolve(ScalarEvent scalar) {
        String tag = scalar.getTag().orElse(null);
        if (tag != null && !tag.equals("!")) {
            return switch (tag) {
                case "tag:yaml.org,2002:int" -> YamlNode.ScalarType.INTEGER;
                case "tag:yaml.org,2002:float" -> YamlNode.ScalarType.FLOAT;
                case "tag:yaml.org,2002:bool" -> YamlNode.ScalarType.BOOLEAN;
                case "tag:yaml.org,2002:null" -> YamlNode.ScalarType.NULL;
                default -> YamlNode.ScalarType.STRING;
            };
        }
        if (!scalar.isPlain()) {
            return YamlNode.ScalarType.STRING;
        }
        String text = scalar.getValue();
        if (NULLS.contains(text)) {
            return YamlNode.ScalarType.NULL;
        }
        if (BOOLEANS.contains(text)) {
            return YamlNode.ScalarType.BOOLEAN;
        }
        if (INTEGER.matcher(text).matches()) {
            return YamlNode.ScalarType.INTEGER;
        }
        if (FLOAT.matcher(text).matches()) {
            return YamlNode.ScalarType.FLOAT;
        }
        return YamlNode.ScalarType.STRING;
    }

    private static int line(Event event) {
        return event.getStartMark().map(Mark::getLine).map(line -> line + 1).orElse(0);
    }

    private static int lineOf(String message) {
        if (message == null) {
            return 0;
        }
        java.util.regex.Matcher matcher = Pattern.compile("line (\\d+)").matcher(message);
        return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        String trimmed = message.strip();
        int newline = trimmed.indexOf('\n');
        return newline < 0 ? trimmed : trimmed.substring(0, newline).strip();
    }
}
