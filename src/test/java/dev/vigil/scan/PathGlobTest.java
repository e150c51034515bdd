package dev.vigil.scan;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PathGlobTest {

    @Test
    void normalisingFoldsCaseAndSeparators() {
        assertThat(PathGlob.normalize("C:\\InetPub\\WWWRoot/x.ASPX")).isEqualTo("c:/inetpub/wwwroot/x.aspx");
    }

    @Test
    void aFolderGlobMatchesAtAFolderBoundaryUnderAnyPrefix() {
        var pattern = PathGlob.file("programdata/vmware", List.of("66.exe"));
        assertThat(pattern.matcher("c:/programdata/vmware/66.exe").find()).isTrue();
        assertThat(pattern.matcher("/mnt/image/programdata/vmware/66.exe").find()).isTrue();
        assertThat(pattern.matcher("programdata/vmware/66.exe").find()).isTrue();
        assertThat(pattern.matcher("c:/myprogramdata/vmware/66.exe").find()).isFalse();
        assertThat(pattern.matcher("c:/programdata/vmware/x/66.exe").find()).isFalse();
        assertThat(pattern.matcher("c:/programdata/vmware/166.exe").find()).isFalse();
    }

    @Test
    void doubleStarIsAnyNumberOfFoldersAndClassesWork() {
        var pattern = PathGlob.file("web server extensions/1[56]/template/**", List.of("a?.js", "[!x]*.css"));
        assertThat(pattern.matcher("c:/x/web server extensions/16/template/ab.js").find()).isTrue();
        assertThat(pattern.matcher("c:/x/web server extensions/15/template/layouts/1/b.css").find()).isTrue();
        assertThat(pattern.matcher("c:/x/web server extensions/14/template/ab.js").find()).isFalse();
        assertThat(pattern.matcher("c:/x/web server extensions/16/template/x.css").find()).isFalse();
        assertThat(pattern.matcher("c:/x/web server extensions/16/template/abc.js").find()).isFalse();
    }

    @Test
    void regexCharactersInNamesAreLiteral() {
        var pattern = PathGlob.anyName(List.of("a+b(1).aspx"));
        assertThat(pattern.matcher("a+b(1).aspx").matches()).isTrue();
        assertThat(pattern.matcher("aab(1)xaspx").matches()).isFalse();
    }

    @Test
    void badGlobsAreRefused() {
        assertThatThrownBy(() -> PathGlob.anyName(List.of("a[b"))).hasMessageContaining("unclosed");
        assertThatThrownBy(() -> PathGlob.file("a//b", List.of("x"))).hasMessageContaining("empty component");
        assertThatThrownBy(() -> PathGlob.anyName(List.of("a/b"))).hasMessageContaining("not a file-name glob");
    }
}
