package dev.vigil.anomaly.host;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Per-host history of activities, and the firsts: an activity whose key this host has never shown. A host whose
 * history holds fewer than {@link Limits#warmUp()} activities has no baseline yet, so its activities are learned but
 * not reported as firsts (they are counted as {@link #unbaselined()}). Memory is bounded by {@link Limits}: hosts and keys beyond them are not learned and are
 * counted ({@link #droppedHosts()}, {@link #droppedKeys()}), since a key that could not be kept may be reported
 * again later. Not thread-safe.
 */
public final class HostFirsts {
    /** Server worker processes: a new child of one of them is louder than a new pair elsewhere. */
    static final Set<String> SERVER_WORKERS = Set.of("w3wp.exe", "umworkerprocess.exe", "msexchangemailboxreplication.exe",
            "umservice.exe", "sqlservr.exe", "httpd.exe", "tomcat.exe", "java.exe", "php-cgi.exe", "nginx.exe");

    /** Shells and script hosts: a new pair with one of them on either side is louder than one between services. */
    static final Set<String> SHELLS = Set.of("cmd.exe", "powershell.exe", "pwsh.exe", "wscript.exe", "cscript.exe",
            "mshta.exe", "rundll32.exe", "regsvr32.exe", "wmic.exe", "whoami.exe", "net.exe", "net1.exe", "reg.exe",
            "sc.exe", "certutil.exe", "bitsadmin.exe", "schtasks.exe", "msbuild.exe", "installutil.exe", "cmstp.exe");

    /**
     * How much the model may hold, and how many activities a host must have shown before its firsts are reported
     * (a host seen for the first time has no baseline: everything it does would be a first).
     */
    public record Limits(int hosts, int keysPerHostAndKind, int warmUp) {
        public static final Limits DEFAULT = new Limits(10_000, 20_000, 10);

        public Limits {
            if (hosts < 1 || keysPerHostAndKind < 1 || warmUp < 0) {
                throw new IllegalArgumentException("limits must be positive (warm-up at least 0)");
            }
        }
    }

    /** A first, with its level and an explanation a responder can act on. */
    public record First(Activity activity, Level level, String explanation) {
        public First {
            requireNonNull(activity, "activity is null");
            requireNonNull(level, "level is null");
            requireNonNull(explanation, "explanation is null");
        }
    }

    /** How loud a first is; the runtime turns it into the detection level of the same name. */
    public enum Level { INFORMATIONAL, LOW, MEDIUM, HIGH }

    /** How often one key was seen on one host, and when first. */
    static final class Seen {
        long count;
        final Instant first;

        Seen(long count, Instant first) {
            this.count = count;
            this.first = first;
        }
    }

    /** Everything known about one host. */
    static final class History {
        final EnumMap<Activity.Kind, Map<String, Seen>> seen = new EnumMap<>(Activity.Kind.class);
        /** Kinds whose key set overflowed: a key missing from them may have been dropped, so it is no sure first. */
        final java.util.EnumSet<Activity.Kind> full = java.util.EnumSet.noneOf(Activity.Kind.class);
        long activities;
        Instant first;
        Instant last;

        Map<String, Seen> of(Activity.Kind kind) {
            return seen.computeIfAbsent(kind, k -> new HashMap<>());
        }
    }

    private final Limits limits;
    final Map<String, History> hosts = new HashMap<>();
    long learned;
    long droppedHosts;
    long droppedKeys;
    private long unbaselined;
    private long uncertain;

    public HostFirsts(Limits limits) {
        this.limits = requireNonNull(limits, "limits is null");
    }

    public Limits limits() {
        return limits;
    }

    /** Adds an activity to its host's history. */
    public void learn(Activity activity) {
        History history = hosts.get(activity.host());
        if (history == null) {
            if (hosts.size() >= limits.hosts()) {
                droppedHosts++;
                return;
            }
            history = new History();
            hosts.put(activity.host(), history);
        }
        learned++;
        history.activities++;
        Instant time = activity.time();
        if (time != null) {
            history.first = history.first == null || time.isBefore(history.first) ? time : history.first;
            history.last = history.last == null || time.isAfter(history.last) ? time : history.last;
        }
        Map<String, Seen> keys = history.of(activity.kind());
        Seen seen = keys.get(activity.key());
        if (seen != null) {
            seen.count++;
        } else if (keys.size() < limits.keysPerHostAndKind()) {
            keys.put(activity.key(), new Seen(1, time));
        } else {
            droppedKeys++;
            history.full.add(activity.kind());
        }
    }

    /** The first this activity is, or {@code null} when its host has shown it before or has no baseline yet. */
    public First check(Activity activity) {
        History history = hosts.get(activity.host());
        if (history == null || history.activities < Math.max(1, limits.warmUp())) {
            unbaselined++;
            return null;
        }
        Map<String, Seen> keys = history.seen.getOrDefault(activity.kind(), Map.of());
        if (keys.containsKey(activity.key())) {
            return null;
        }
        if (history.full.contains(activity.kind())) {
            uncertain++;
            return null;
        }
        return new First(activity, levelOf(activity), explain(activity, history, keys));
    }

    /** Online use: reports the first (or null), then learns the activity, so that each first is reported once. */
    public First observe(Activity activity) {
        First first = check(activity);
        learn(activity);
        return first;
    }

    /**
     * Activities checked that were missing from a host's history whose keys of that kind overflowed the bound: they
     * may have been seen and dropped, so they are not reported (a first is only reported when it is sure).
     */
    public long uncertain() {
        return uncertain;
    }

    /** Activities checked whose host had no baseline yet (fewer than the warm-up's activities learned). */
    public long unbaselined() {
        return unbaselined;
    }

    public long learned() {
        return learned;
    }

    public long droppedHosts() {
        return droppedHosts;
    }

    public long droppedKeys() {
        return droppedKeys;
    }

    public int hostCount() {
        return hosts.size();
    }

    /** Keys held, over all hosts and kinds. */
    public long keyCount() {
        long keys = 0;
        for (History history : hosts.values()) {
            for (Map<String, Seen> seen : history.seen.values()) {
                keys += seen.size();
            }
        }
        return keys;
    }

    static Level levelOf(Activity activity) {
        return switch (activity.kind()) {
            case PROCESS_PAIR -> {
                int arrow = activity.key().indexOf(" → ");
                String parent = activity.key().substring(0, arrow);
                String child = activity.key().substring(arrow + 3);
                yield SERVER_WORKERS.contains(parent) ? Level.MEDIUM
                        : SHELLS.contains(parent) || SHELLS.contains(child) ? Level.LOW : Level.INFORMATIONAL;
            }
            case WEBROOT_WRITE -> Level.MEDIUM;
            // per-user service instances (CDPUserSvc_*) are made by the service control manager at each new logon
            case SERVICE_INSTALL -> activity.key().contains("_* (") ? Level.INFORMATIONAL : Level.MEDIUM;
            case ADMIN_CMDLET -> Level.LOW;
        };
    }

    private static String explain(Activity activity, History history, Map<String, Seen> keys) {
        StringBuilder text = new StringBuilder();
        text.append("first ").append(activity.kind().description()).append(" on ").append(activity.host()).append(": ")
                .append(activity.key()).append(" (").append(activity.detail()).append("). Never seen in ")
                .append(String.format(Locale.ROOT, "%,d", history.activities)).append(" learned activities");
        if (history.first != null && history.last != null) {
            text.append(" from ").append(history.first).append(" to ").append(history.last);
        }
        text.append(". ");
        List<Map.Entry<String, Seen>> similar = new ArrayList<>();
        String prefix = activity.kind() == Activity.Kind.PROCESS_PAIR || activity.kind() == Activity.Kind.WEBROOT_WRITE
                ? activity.key().substring(0, activity.key().indexOf(" → ") + 3) : "";
        for (Map.Entry<String, Seen> entry : keys.entrySet()) {
            if (entry.getKey().startsWith(prefix)) {
                similar.add(entry);
            }
        }
        similar.sort(Comparator.comparingLong((Map.Entry<String, Seen> entry) -> -entry.getValue().count)
                .thenComparing(Map.Entry::getKey));
        if (similar.isEmpty()) {
            text.append(prefix.isEmpty() ? "This host had no " + activity.kind().description() + " at all before."
                    : "Normal: " + prefix.substring(0, prefix.length() - 3) + " did nothing of this kind before.");
        } else {
            text.append("Normal here: ");
            for (int i = 0; i < Math.min(3, similar.size()); i++) {
                text.append(i == 0 ? "" : ", ").append(similar.get(i).getKey()).append(" ×").append(similar.get(i).getValue().count);
            }
            if (similar.size() > 3) {
                text.append(", and ").append(similar.size() - 3).append(" more");
            }
            text.append('.');
        }
        return text.toString();
    }
}
