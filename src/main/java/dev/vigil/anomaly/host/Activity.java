package dev.vigil.anomaly.host;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * One thing a host did that the model keeps history of: its kind, the normalised key that makes it "the same
 * again" ({@code w3wp.exe → cmd.exe}), and the raw detail shown in explanations (full paths, command names).
 */
public record Activity(String host, Kind kind, String key, String detail, Instant time) {
    public Activity {
        requireNonNull(host, "host is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(key, "key is null");
        requireNonNull(detail, "detail is null");
    }

    /** What a first of each kind means, and how loud it is by default. */
    public enum Kind {
        /** A process started another: key {@code parent.exe → child.exe}. */
        PROCESS_PAIR("process-pair", "parent→child process pair"),
        /** A process wrote a file under a web root: key {@code writer.exe → .ext in <root>}. */
        WEBROOT_WRITE("webroot-write", "file written in a web root"),
        /** A state-changing PowerShell or Exchange cmdlet ran: key {@code verb-noun}. */
        ADMIN_CMDLET("admin-cmdlet", "administrative cmdlet"),
        /** A service was installed: key {@code service name (binary.exe)}. */
        SERVICE_INSTALL("service-install", "service install");

        private final String label;
        private final String description;

        Kind(String label, String description) {
            this.label = label;
            this.description = description;
        }

        public String label() {
            return label;
        }

        public String description() {
            return description;
        }

        public static Kind parse(String label) {
            for (Kind kind : values()) {
                if (kind.label.equals(label)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("unknown activity kind '" + label + "'");
        }
    }
}
