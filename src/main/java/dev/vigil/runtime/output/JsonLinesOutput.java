package dev.vigil.runtime.output;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.engine.Detection;
import dev.vigil.runtime.DetectionSink;

import java.io.IOException;
import java.io.Writer;

/**
 * One detection per line: {@code timestamp} (ISO-8601 UTC or null), {@code rule_id}, {@code rule_title},
 * {@code level}, {@code tags}, {@code playbook} (the response playbook the rule names, or null), {@code explanation} (why a
 * baseline model flagged the event; null for Sigma rules), {@code source_file}, {@code source_format}, {@code record}, {@code event}.
 */
public final class JsonLinesOutput implements DetectionSink {
    private final Writer writer;
    private final JsonGenerator generator;

    public JsonLinesOutput(Writer writer) throws IOException {
        this.writer = writer;
        this.generator = new JsonFactory().createGenerator(writer);
        generator.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        // every detection ends its own line: no separator between root values
        generator.setRootValueSeparator(null);
    }

    @Override
    public void accept(Detection detection) throws IOException {
        generator.writeStartObject();
        if (detection.timestamp() == null) {
            generator.writeNullField("timestamp");
        } else {
            generator.writeStringField("timestamp", detection.timestamp().toString());
        }
        generator.writeStringField("rule_id", detection.rule().id());
        generator.writeStringField("rule_title", detection.rule().title());
        generator.writeStringField("level", detection.rule().level().label());
        generator.writeArrayFieldStart("tags");
        for (String tag : detection.rule().tags()) {
            generator.writeString(tag);
        }
        generator.writeEndArray();
        if (detection.rule().playbook() == null) {
            generator.writeNullField("playbook");
        } else {
            generator.writeStringField("playbook", detection.rule().playbook());
        }
        if (detection.explanation() == null) {
            generator.writeNullField("explanation");
        } else {
            generator.writeStringField("explanation", detection.explanation());
        }
        generator.writeStringField("source_file", detection.event().origin().source());
        generator.writeStringField("source_format", detection.event().origin().format());
        generator.writeNumberField("record", detection.event().origin().record());
        generator.writeFieldName("event");
        EventJson.writeFields(generator, detection.event());
        generator.writeEndObject();
        generator.writeRaw('\n');
    }

    @Override
    public void close() throws IOException {
        generator.close();
        writer.flush();
    }
}
