package dev.vigil.respond;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The playbooks that ship with Vigil, one Markdown file each under {@code /dev/vigil/playbooks/}, listed in that
 * folder's {@code index.txt} (a jar cannot be listed portably). Built-in rules name them with their
 * {@code playbook} attribute.
 */
public final class Playbooks {
    private static final String FOLDER = "/dev/vigil/playbooks/";
    private static final Playbooks BUNDLED = load();

    private final Map<String, Playbook> byName;

    private Playbooks(Map<String, Playbook> byName) {
        this.byName = Collections.unmodifiableMap(byName);
    }

    /** The bundled playbooks, in index order. */
    public static Playbooks bundled() {
        return BUNDLED;
    }

    public Optional<Playbook> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Collection<Playbook> all() {
        return byName.values();
    }

    public boolean contains(String name) {
        return byName.containsKey(name);
    }

    private static Playbooks load() {
        Map<String, Playbook> byName = new LinkedHashMap<>();
        for (String line : read("index.txt").split("\n")) {
            String name = line.strip();
            if (!name.isEmpty() && !name.startsWith("#")) {
                byName.put(name, Playbook.parse(name, read(name + ".md")));
            }
        }
        return new Playbooks(byName);
    }

    private static String read(String file) {
        try (InputStream input = Playbooks.class.getResourceAsStream(FOLDER + file)) {
            if (input == null) {
                throw new IllegalStateException("the bundled playbook file " + file + " is missing from this build");
            }
            return new String(input.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled playbook file " + file, e);
        }
    }
}
