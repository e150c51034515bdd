package dev.vigil.anomaly.request;

import dev.vigil.event.Event;
import dev.vigil.event.Value;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static java.util.Objects.requireNonNull;

/**
 * What the request model sees of one web request: method, normalised path, the parameters of query and form body
 * (URL-decoded), the headers (names lower-cased) and a body that is not a form.
 *
 * <p>Built from the fields of raw HTTP events ({@code http.request.method}, {@code url.path}, {@code url.query},
 * {@code http.request.header.*}, {@code http.request.body.content}) or of IIS W3C lines ({@code cs-method},
 * {@code cs-uri-stem}, {@code cs-uri-query}, {@code cs(Header-Name)} when not empty, {@code cs-host}) or of Exchange
 * HttpProxy rows ({@code Method}, {@code UrlStem}, {@code UrlQuery} without its {@code ?}, {@code UserAgent}); the names are
 * the readers' field names, repeated here because this package may not import the readers.
 */
public record WebRequest(String method, String path, List<Parameter> parameters, List<Header> headers, String body) {
    private static final String HEADER_PREFIX = "http.request.header.";

    public WebRequest {
        requireNonNull(method, "method is null");
        requireNonNull(path, "path is null");
        parameters = List.copyOf(parameters);
        headers = List.copyOf(headers);
    }

    /** A named value of a request: a parameter or a header. */
    public sealed interface Field permits Parameter, Header {
        String name();

        String value();
    }

    /** A query or form parameter, name and value URL-decoded. */
    public record Parameter(String name, String value) implements Field {
        public Parameter {
            requireNonNull(name, "name is null");
            requireNonNull(value, "value is null");
        }
    }

    /** A header, name lower-cased, value as sent. */
    public record Header(String name, String value) implements Field {
        public Header {
            requireNonNull(name, "name is null");
            requireNonNull(value, "value is null");
        }
    }

    /** The endpoint key: method and normalised path. */
    public String endpoint() {
        return method + " " + path;
    }

    /** The request in an event, or {@code null} when the event has no method and path. */
    public static WebRequest from(Event event) {
        String method = text(event, "http.request.method", "cs-method", "Method");
        String path = text(event, "url.path", "cs-uri-stem", "UrlStem");
        if (method == null || path == null) {
            return null;
        }
        List<Parameter> parameters = new ArrayList<>();
        String query = text(event, "url.query", "cs-uri-query", "UrlQuery");
        if (query != null && query.startsWith("?")) {
            query = query.substring(1); // Exchange HttpProxy logs keep the '?'
        }
        if (query != null) {
            parseForm(query, parameters);
        }
        List<Header> headers = new ArrayList<>();
        String[] contentType = new String[1];
        event.forEachField((name, value) -> {
            String header = headerName(name);
            // W3C logs write "-" (read as empty) for a header the request did not have.
            if (header != null && !(value.text().isEmpty() && !name.startsWith(HEADER_PREFIX))) {
                headers.add(new Header(header, value.text()));
                if (header.equals("content-type")) {
                    contentType[0] = value.text();
                }
            }
        });
        String body = text(event, "http.request.body.content");
        if (body != null && isForm(contentType[0], body)) {
            parseForm(body, parameters);
            body = null;
        }
        return new WebRequest(method, normalisePath(path), parameters, headers, body);
    }

    /** The first of these fields the event has: the ECS name, then IIS W3C's, then Exchange HttpProxy's. */
    private static String text(Event event, String... names) {
        for (String name : names) {
            Value value = event.get(name);
            if (value != null) {
                return value.text();
            }
        }
        return null;
    }

    private static String headerName(String field) {
        if (field.startsWith(HEADER_PREFIX)) {
            return field.substring(HEADER_PREFIX.length());
        }
        if (field.startsWith("cs(") && field.endsWith(")")) {
            return field.substring(3, field.length() - 1).toLowerCase(Locale.ROOT);
        }
        if (field.equals("cs-host")) {
            return "host";
        }
        if (field.equals("UserAgent")) { // Exchange HttpProxy
            return "user-agent";
        }
        return null;
    }

    private static boolean isForm(String contentType, String body) {
        if (contentType != null) {
            return contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
        }
        return body.indexOf('=') > 0 && body.indexOf('\n') < 0;
    }

    /** Splits {@code a=1&b=2}; a part without {@code =} is a parameter with an empty value. */
    static void parseForm(String form, List<Parameter> into) {
        int start = 0;
        int length = form.length();
        while (start <= length) {
            int end = form.indexOf('&', start);
            if (end < 0) {
                end = length;
            }
            if (end > start) {
                int equals = form.indexOf('=', start);
                if (equals < 0 || equals > end) {
                    into.add(new Parameter(decode(form, start, end), ""));
                } else {
                    into.add(new Parameter(decode(form, start, equals), decode(form, equals + 1, end)));
                }
            }
            start = end + 1;
        }
    }

    /**
     * URL-decodes {@code text[start, end)}: {@code +} is a space and {@code %XX} the character with that code
     * (0–255: bytes are kept as Latin-1 characters, whatever the page's charset, so the model sees the bytes sent).
     * A {@code %} not followed by two hexadecimal digits stays as it is.
     */
    static String decode(String text, int start, int end) {
        int percent = text.indexOf('%', start);
        int plus = text.indexOf('+', start);
        if ((percent < 0 || percent >= end) && (plus < 0 || plus >= end)) {
            return text.substring(start, end);
        }
        StringBuilder decoded = new StringBuilder(end - start);
        for (int index = start; index < end; index++) {
            char character = text.charAt(index);
            if (character == '+') {
                decoded.append(' ');
            } else if (character == '%' && index + 2 < end && hex(text.charAt(index + 1)) >= 0
                    && hex(text.charAt(index + 2)) >= 0) {
                decoded.append((char) (hex(text.charAt(index + 1)) * 16 + hex(text.charAt(index + 2))));
                index += 2;
            } else {
                decoded.append(character);
            }
        }
        return decoded.toString();
    }

    private static int hex(char character) {
        if (character >= '0' && character <= '9') {
            return character - '0';
        }
        if (character >= 'a' && character <= 'f') {
            return character - 'a' + 10;
        }
        if (character >= 'A' && character <= 'F') {
            return character - 'A' + 10;
        }
        return -1;
    }

    /**
     * Replaces path segments that are identifiers rather than names: all digits becomes {@code {n}}, a GUID or a run
     * of 16 or more hexadecimal digits becomes {@code {id}}. Case and everything else are kept: a resource asked for
     * in a case never seen is itself unusual.
     */
    static String normalisePath(String path) {
        StringBuilder normalised = null;
        int start = 0;
        int length = path.length();
        while (start <= length) {
            int end = path.indexOf('/', start);
            if (end < 0) {
                end = length;
            }
            String replacement = identifier(path, start, end);
            if (replacement != null && normalised == null) {
                normalised = new StringBuilder(path.length()).append(path, 0, start);
            }
            if (normalised != null) {
                if (replacement != null) {
                    normalised.append(replacement);
                } else {
                    normalised.append(path, start, end);
                }
                if (end < length) {
                    normalised.append('/');
                }
            }
            start = end + 1;
        }
        return normalised == null ? path : normalised.toString();
    }

    private static String identifier(String path, int start, int end) {
        if (end == start) {
            return null;
        }
        boolean digits = true;
        int hexDigits = 0;
        for (int index = start; index < end; index++) {
            char character = path.charAt(index);
            if (character < '0' || character > '9') {
                digits = false;
            }
            if (hex(character) >= 0) {
                hexDigits++;
            } else if (character != '-') {
                return null;
            }
        }
        if (digits) {
            return "{n}";
        }
        return hexDigits >= 16 ? "{id}" : null;
    }
}
