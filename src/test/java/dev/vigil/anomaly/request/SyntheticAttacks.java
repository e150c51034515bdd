package dev.vigil.anomaly.request;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Turns normal requests into attacks, for choosing the request model on training data alone: one mutation per
 * request, drawn from families written from general knowledge of web attacks (OWASP's injection, cross-site
 * scripting, path traversal, command injection, header injection, overflow, tampering and forced browsing), not
 * from any labelled test file. Deterministic for a given seed.
 */
final class SyntheticAttacks {
    /** The mutation families, each a way a request departs from normal. */
    enum Family {
        SQL_INJECTION, CROSS_SITE_SCRIPTING, PATH_TRAVERSAL, COMMAND_INJECTION, HEADER_INJECTION, OVERFLOW,
        TYPE_CHANGE, STRAY_CHARACTER, UNKNOWN_PARAMETER, MISSING_PARAMETER, FORCED_BROWSING, FORGED_HEADER
    }

    private static final String[] SQL = {"' OR '1'='1", "1 UNION SELECT username, password FROM users--",
            "'; DROP TABLE accounts; --", "1 AND SLEEP(5)", "\" OR \"\"=\"", "1' AND 1=CONVERT(int,@@version)--"};
    private static final String[] SCRIPT = {"<script>alert(document.cookie)</script>", "\"><img src=x onerror=alert(1)>",
            "javascript:alert(1)", "<svg/onload=prompt(1)>"};
    private static final String[] TRAVERSAL = {"../../../../etc/passwd", "..\\..\\..\\windows\\win.ini",
            "/etc/shadow", "....//....//boot.ini"};
    private static final String[] COMMAND = {"; cat /etc/passwd", "| whoami", "$(id)", "`uname -a`", "& ping -n 3 127.0.0.1"};
    private static final String[] HEADER = {"\r\nSet-Cookie: session=attacker", "\r\nLocation: http://evil.example/",
            "%0d%0aX-Injected: 1"};
    private static final String STRAY = "'\"<>;/\\%(){}|&$!*=#[]^~`";
    private static final String[] SUFFIXES = {".bak", ".old", "~", "/", ".orig", "/../admin", ".inc", "/web.config"};
    private static final String[] AGENTS = {"sqlmap/1.7.2#stable (https://sqlmap.org)", "Nikto/2.5.0",
            "() { :; }; /bin/bash -c 'id'", "python-requests/2.31.0"};

    private final Random random;

    SyntheticAttacks(long seed) {
        this.random = new Random(seed);
    }

    /** The request with one mutation of the given family; a family that cannot apply falls back to forced browsing. */
    WebRequest mutate(WebRequest request, Family family) {
        List<WebRequest.Parameter> parameters = new ArrayList<>(request.parameters());
        List<WebRequest.Header> headers = new ArrayList<>(request.headers());
        String path = request.path();
        String method = request.method();
        boolean hasParameters = !parameters.isEmpty();
        switch (hasParameters ? family : valueFree(family)) {
            case SQL_INJECTION -> inject(parameters, pick(SQL));
            case CROSS_SITE_SCRIPTING -> inject(parameters, pick(SCRIPT));
            case PATH_TRAVERSAL -> replace(parameters, pick(TRAVERSAL));
            case COMMAND_INJECTION -> inject(parameters, pick(COMMAND));
            case HEADER_INJECTION -> inject(parameters, pick(HEADER));
            case OVERFLOW -> replace(parameters, "A".repeat(200 + random.nextInt(2000)));
            case TYPE_CHANGE -> {
                int index = random.nextInt(parameters.size());
                WebRequest.Parameter parameter = parameters.get(index);
                parameters.set(index, new WebRequest.Parameter(parameter.name(), changeType(parameter.value())));
            }
            case STRAY_CHARACTER -> {
                int index = random.nextInt(parameters.size());
                WebRequest.Parameter parameter = parameters.get(index);
                String value = parameter.value();
                int at = random.nextInt(value.length() + 1);
                char stray = STRAY.charAt(random.nextInt(STRAY.length()));
                parameters.set(index, new WebRequest.Parameter(parameter.name(),
                        value.substring(0, at) + stray + value.substring(at)));
            }
            case UNKNOWN_PARAMETER -> {
                int index = random.nextInt(parameters.size());
                WebRequest.Parameter parameter = parameters.get(index);
                String name = random.nextBoolean() ? parameter.name() + (char) ('A' + random.nextInt(26))
                        : "debug";
                parameters.set(index, new WebRequest.Parameter(name, parameter.value()));
            }
            case MISSING_PARAMETER -> parameters.remove(random.nextInt(parameters.size()));
            case FORCED_BROWSING -> {
                if (random.nextInt(4) == 0) {
                    method = method.equals("GET") ? "PUT" : "GET";
                } else {
                    path = path + pick(SUFFIXES);
                }
            }
            case FORGED_HEADER -> {
                if (random.nextBoolean()) {
                    headers.removeIf(header -> header.name().equals("user-agent"));
                    headers.add(new WebRequest.Header("user-agent", pick(AGENTS)));
                } else {
                    headers.add(new WebRequest.Header("referer", "http://" + randomWord(8) + ".example/"
                            + randomWord(5) + ".aspx"));
                }
            }
        }
        return new WebRequest(method, path, parameters, headers, request.body());
    }

    private Family valueFree(Family family) {
        return family == Family.FORGED_HEADER ? family : Family.FORCED_BROWSING;
    }

    private void inject(List<WebRequest.Parameter> parameters, String payload) {
        int index = random.nextInt(parameters.size());
        WebRequest.Parameter parameter = parameters.get(index);
        String value = random.nextBoolean() ? parameter.value() + payload : payload;
        parameters.set(index, new WebRequest.Parameter(parameter.name(), value));
    }

    private void replace(List<WebRequest.Parameter> parameters, String value) {
        int index = random.nextInt(parameters.size());
        parameters.set(index, new WebRequest.Parameter(parameters.get(index).name(), value));
    }

    /** Digits become letters and letters digits, keeping the length (at least one character). */
    private String changeType(String value) {
        StringBuilder changed = new StringBuilder();
        int length = Math.max(1, value.length());
        boolean digits = value.chars().filter(Character::isDigit).count() * 2 < value.length() || value.isEmpty();
        for (int index = 0; index < length; index++) {
            changed.append(digits ? (char) ('0' + random.nextInt(10)) : (char) ('a' + random.nextInt(26)));
        }
        return changed.toString();
    }

    private String randomWord(int length) {
        StringBuilder word = new StringBuilder();
        for (int index = 0; index < length; index++) {
            word.append((char) ('a' + random.nextInt(26)));
        }
        return word.toString().toLowerCase(Locale.ROOT);
    }

    private String pick(String[] choices) {
        return choices[random.nextInt(choices.length)];
    }

    /** One mutated copy of each request, families taken in turn. */
    List<WebRequest> attacks(List<WebRequest> normal) {
        Family[] families = Family.values();
        List<WebRequest> attacks = new ArrayList<>(normal.size());
        for (int index = 0; index < normal.size(); index++) {
            attacks.add(mutate(normal.get(index), families[index % families.length]));
        }
        return attacks;
    }
}
