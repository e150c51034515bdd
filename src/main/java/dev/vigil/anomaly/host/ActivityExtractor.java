package dev.vigil.anomaly.host;

import dev.vigil.engine.Detector;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns Windows events, seen through the engine's canonical field names ({@link Detector#inspect}), into the
 * activities the host model keeps: process creation (Sysmon 1, Security 4688), file creation under a web root
 * (Sysmon 11), state-changing cmdlets (PowerShell 4103 module logging, MSExchange Management 1) and service
 * installs (System 7045, Security 4697). Any other event gives nothing.
 */
public final class ActivityExtractor {
    private static final String SYSMON = "microsoft-windows-sysmon/operational";
    private static final Pattern COMMAND_INVOCATION = Pattern.compile("CommandInvocation\\(([A-Za-z]+-[A-Za-z0-9_]+)\\)");
    /** Per-user service instances are named after their template with the logon's id in hex ({@code CDPUserSvc_b0b5d}). */
    private static final Pattern PER_USER_SERVICE = Pattern.compile("_[0-9a-f]{4,8}$");
    private static final Pattern LEADING_CMDLET = Pattern.compile("^\\s*([A-Za-z]+-[A-Za-z0-9_]+)");
    /** Verbs that change state; Get, Test, Format, Out, Select … are left out, so reading is never a first. */
    private static final Set<String> CHANGING_VERBS = Set.of("add", "clear", "disable", "disconnect", "dismount",
            "enable", "enter", "export", "grant", "import", "install", "invoke", "mount", "new", "publish", "register",
            "remove", "rename", "reset", "restart", "restore", "resume", "revoke", "send", "set", "start", "stop",
            "suspend", "unblock", "uninstall", "unregister", "update");
    /** Language plumbing with a changing verb that administers nothing. */
    private static final Set<String> PLUMBING = Set.of("new-object", "new-variable", "set-variable", "remove-variable",
            "clear-variable", "set-strictmode", "set-location", "add-member", "import-localizeddata", "update-formatdata",
            "update-typedata", "new-timespan", "set-psdebug");
    /** Folders whose files a web server serves, lower case with backslashes, and how explanations name them. */
    private static final String[][] WEB_ROOTS = {
            {"\\template\\layouts\\", "SharePoint LAYOUTS"},
            {"\\web server extensions\\", "SharePoint hive"},
            {"\\frontend\\httpproxy\\", "Exchange FrontEnd\\HttpProxy"},
            {"\\clientaccess\\", "Exchange ClientAccess"},
            {"\\inetpub\\wwwroot\\", "inetpub\\wwwroot"},
    };

    private ActivityExtractor() {
    }

    /** The activities in one event (usually none or one; a 4103 record can name several cmdlets). */
    public static List<Activity> extract(Detector.Inspection event) {
        String host = host(event.text("Computer"));
        String channel = lower(event.text("Channel"));
        String id = event.text("EventID");
        if (host == null || channel == null || id == null) {
            return List.of();
        }
        Instant time = event.timestamp();
        switch (channel + "#" + id.strip()) {
            case SYSMON + "#1", "security#4688" -> {
                String parent = event.text("ParentImage");
                String child = event.text("Image");
                if (parent == null || child == null || child.isBlank()) {
                    return List.of();
                }
                return List.of(new Activity(host, Activity.Kind.PROCESS_PAIR, baseName(parent) + " → " + baseName(child),
                        parent + " → " + child, time));
            }
            case SYSMON + "#11" -> {
                String file = event.text("TargetFilename");
                String root = file == null ? null : webRoot(file);
                if (root == null) {
                    return List.of();
                }
                String writer = baseName(String.valueOf(event.text("Image")));
                return List.of(new Activity(host, Activity.Kind.WEBROOT_WRITE, writer + " → " + extension(file) + " in " + root,
                        writer + " wrote " + file, time));
            }
            case "microsoft-windows-powershell/operational#4103" -> {
                List<Activity> activities = new ArrayList<>();
                String payload = event.text("Payload");
                if (payload != null) {
                    Matcher matcher = COMMAND_INVOCATION.matcher(payload);
                    while (matcher.find()) {
                        addCmdlet(activities, host, matcher.group(1), "PowerShell: " + matcher.group(1), time);
                    }
                }
                return activities;
            }
            case "msexchange management#1" -> {
                List<Activity> activities = new ArrayList<>();
                String data = event.text("Data");
                Matcher matcher = data == null ? null : LEADING_CMDLET.matcher(data);
                if (matcher != null && matcher.find()) {
                    addCmdlet(activities, host, matcher.group(1), "Exchange: " + abbreviate(data), time);
                }
                return activities;
            }
            case "system#7045", "security#4697" -> {
                String name = event.text("ServiceName");
                String binary = event.text("ImagePath");
                if (binary == null) {
                    binary = event.text("ServiceFileName");
                }
                if (name == null) {
                    return List.of();
                }
                String image = binary == null ? "?" : baseName(serviceBinary(binary));
                String service = PER_USER_SERVICE.matcher(lower(name)).replaceFirst("_*");
                return List.of(new Activity(host, Activity.Kind.SERVICE_INSTALL, service + " (" + image + ")",
                        name + ": " + (binary == null ? "(no binary path logged)" : binary), time));
            }
            default -> {
                return List.of();
            }
        }
    }

    private static void addCmdlet(List<Activity> into, String host, String cmdlet, String detail, Instant time) {
        String key = cmdlet.toLowerCase(Locale.ROOT);
        if (CHANGING_VERBS.contains(key.substring(0, key.indexOf('-'))) && !PLUMBING.contains(key)
                && into.stream().noneMatch(activity -> activity.key().equals(key))) {
            into.add(new Activity(host, Activity.Kind.ADMIN_CMDLET, key, detail, time));
        }
    }

    /**
     * The program of a service's command line: the quoted path when quoted (it may hold spaces), else up to the first
     * {@code .exe} (an unquoted path under {@code Program Files}), else up to the first space.
     */
    static String serviceBinary(String commandLine) {
        String text = commandLine.strip();
        if (text.startsWith("\"")) {
            int close = text.indexOf('"', 1);
            return close < 0 ? text.substring(1) : text.substring(1, close);
        }
        int exe = text.toLowerCase(Locale.ROOT).indexOf(".exe");
        if (exe >= 0) {
            return text.substring(0, exe + 4);
        }
        int space = text.indexOf(' ');
        return space < 0 ? text : text.substring(0, space);
    }

    /** The host name without its domain, lower case: {@code WORKSTATION6.theshire.local} and {@code WORKSTATION6} agree. */
    static String host(String computer) {
        if (computer == null || computer.isBlank()) {
            return null;
        }
        String name = computer.strip().toLowerCase(Locale.ROOT);
        int dot = name.indexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** The file name of a Windows or POSIX path, lower case. */
    static String baseName(String path) {
        String name = path.strip();
        int slash = Math.max(name.lastIndexOf('\\'), name.lastIndexOf('/'));
        return name.substring(slash + 1).toLowerCase(Locale.ROOT);
    }

    /** Which web root a path is under, as explanations name it; {@code null} when none. */
    static String webRoot(String path) {
        String normal = path.replace('/', '\\').toLowerCase(Locale.ROOT);
        for (String[] root : WEB_ROOTS) {
            if (normal.contains(root[0])) {
                return root[1];
            }
        }
        return null;
    }

    private static String extension(String path) {
        String name = baseName(path);
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "(no extension)" : "*" + name.substring(dot);
    }

    private static String lower(String text) {
        return text == null ? null : text.strip().toLowerCase(Locale.ROOT);
    }

    private static String abbreviate(String text) {
        String line = text.strip().replaceAll("\\s+", " ");
        return line.length() <= 160 ? line : line.substring(0, 159) + "…";
    }
}
