package dev.vigil.ingest.http;

/**
 * A request line, {@code METHOD SP request-target SP HTTP/d.d} (RFC 9112 section 3): the method a token of capital
 * letters, the target an absolute URL ({@code scheme://authority/…}) or an origin form ({@code /…}), no spaces in it.
 */
record RequestLine(String method, String target, String version) {

    /** The request line in this text, or {@code null} when the text is not one. */
    static RequestLine parse(String line) {
        int firstSpace = line.indexOf(' ');
        if (firstSpace < 1 || firstSpace > 20) {
            return null;
        }
        for (int index = 0; index < firstSpace; index++) {
            char character = line.charAt(index);
            if (character < 'A' || character > 'Z') {
                return null;
            }
        }
        int lastSpace = line.lastIndexOf(' ');
        if (lastSpace <= firstSpace + 1) {
            return null;
        }
        String version = line.substring(lastSpace + 1);
        if (!version.matches("HTTP/[0-9]\\.[0-9]")) {
            return null;
        }
        String target = line.substring(firstSpace + 1, lastSpace);
        if (target.indexOf(' ') >= 0 || !(target.startsWith("/") || isAbsolute(target))) {
            return null;
        }
        return new RequestLine(line.substring(0, firstSpace), target, version.substring("HTTP/".length()));
    }

    private static boolean isAbsolute(String target) {
        int colon = target.indexOf("://");
        if (colon < 1) {
            return false;
        }
        for (int index = 0; index < colon; index++) {
            char character = target.charAt(index);
            if (!(Character.isLetterOrDigit(character) || character == '+' || character == '-' || character == '.')
                    || character > 'z') {
                return false;
            }
        }
        return true;
    }

    /** The path of the target: after the authority of an absolute URL, before any {@code ?} or {@code #}. */
    String path() {
        String rest = target;
        int scheme = rest.indexOf("://");
        if (!rest.startsWith("/") && scheme > 0) {
            int slash = rest.indexOf('/', scheme + 3);
            int query = rest.indexOf('?', scheme + 3);
            int start = slash < 0 ? rest.length() : slash;
            if (query >= 0 && query < start) {
                start = query;
            }
            rest = rest.substring(start);
        }
        int end = rest.length();
        int query = rest.indexOf('?');
        if (query >= 0) {
            end = query;
        }
        int fragment = rest.indexOf('#');
        if (fragment >= 0 && fragment < end) {
            end = fragment;
        }
        String path = rest.substring(0, end);
        return path.isEmpty() ? "/" : path;
    }

    /** The query of the target (after the first {@code ?}, before any {@code #}), or {@code null} when it has none. */
    String query() {
        int question = target.indexOf('?');
        if (question < 0) {
            return null;
        }
        int fragment = target.indexOf('#', question);
        return target.substring(question + 1, fragment < 0 ? target.length() : fragment);
    }
}
