package dev.vigil.event;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class FieldEventTest {
    /** An event whose texts are slices of one reader buffer, as the JSON reader makes them. */
    private static Event over(byte[] buffer, Map<String, Value> fields) {
        return new Event() {
            @Override
            public Value get(String name) {
                return fields.get(name);
            }

            @Override
            public void forEachField(BiConsumer<String, Value> visitor) {
                fields.forEach(visitor);
            }

            @Override
            public Instant timestamp() {
                return null;
            }

            @Override
            public Origin origin() {
                return new Origin("buffer", "test", 1);
            }

            @Override
            public String rawText() {
                return new String(buffer, StandardCharsets.ISO_8859_1);
            }
        };
    }

    @Test
    void aCopyHoldsNoReaderBytes() {
        byte[] buffer = "cmd.exe /c whoami".getBytes(StandardCharsets.ISO_8859_1);
        Value.Text.Decoder latin1 = (bytes, start, end) -> new String(bytes, start, end - start, StandardCharsets.ISO_8859_1);
        Map<String, Value> fields = new LinkedHashMap<>();
        fields.put("Image", Value.Text.encoded(buffer, 0, 7, latin1));
        fields.put("Args", new Value.Array(List.of(Value.Text.encoded(buffer, 8, 10, latin1), Value.text("plain"))));
        FieldEvent copy = FieldEvent.copyOf(over(buffer, fields));

        buffer[0] = 'X'; // the reader reuses its buffer; neither the copy's values nor their texts may change
        buffer[8] = 'Y';
        Value image = copy.get("Image");
        assertFalse(image instanceof Value.Text.Encoded, "the copy still points into the reader's buffer");
        assertEquals("cmd.exe", image.text());
        Value.Array args = assertInstanceOf(Value.Array.class, copy.get("Args"));
        assertFalse(args.items().get(0) instanceof Value.Text.Encoded);
        assertEquals(List.of(Value.text("/c"), Value.text("plain")), args.items());
        assertEquals(List.of("Image", "Args"), List.copyOf(copy.fields().keySet()));
    }
}
