package dev.vigil.anomaly.request;

import dev.vigil.event.FieldEvent;
import dev.vigil.event.Origin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WebRequestTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "Vino+Rioja|Vino Rioja",
            "A%F1adir|A\u00f1adir",
            "%27%3B+DROP|'; DROP",
            "100%|100%",
            "%4|%4",
            "%zz1|%zz1",
            "%252F|%2F"})
    void decodesPlusAndPercentEscapesToLatin1(String encoded, String decoded) {
        assertThat(WebRequest.decode(encoded, 0, encoded.length())).isEqualTo(decoded);
    }

    @Test
    void parsesFormsWithEmptyAndNamelessParts() {
        List<WebRequest.Parameter> parameters = new ArrayList<>();
        WebRequest.parseForm("a=1&&flag&b=x%3Dy&=v&c=", parameters);
        assertThat(parameters).containsExactly(new WebRequest.Parameter("a", "1"),
                new WebRequest.Parameter("flag", ""), new WebRequest.Parameter("b", "x=y"),
                new WebRequest.Parameter("", "v"), new WebRequest.Parameter("c", ""));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/tienda1/index.jsp|/tienda1/index.jsp",
            "/orders/12345/items|/orders/{n}/items",
            "/files/3F2504E0-4F89-11D3-9A0C-0305E82C3301|/files/{id}",
            "/files/deadbeefdeadbeef|/files/{id}",
            "/files/deadbeef|/files/deadbeef",
            "/a/1/|/a/{n}/",
            "/|/"})
    void normalisesIdentifierSegments(String path, String normalised) {
        assertThat(WebRequest.normalisePath(path)).isEqualTo(normalised);
    }

    @Test
    void readsW3cFieldsAsWellAsRawHttpFields() {
        FieldEvent w3c = FieldEvent.builder(new Origin("u_ex1.log", "w3c", 5))
                .put("cs-method", "POST").put("cs-uri-stem", "/_layouts/15/ToolPane.aspx")
                .put("cs-uri-query", "DisplayMode=Edit&a=/ToolPane.aspx").put("cs(User-Agent)", "Mozilla/5.0")
                .put("cs(Referer)", "/_layouts/SignOut.aspx").put("cs-host", "sp.example").build();
        WebRequest request = WebRequest.from(w3c);
        assertThat(request.endpoint()).isEqualTo("POST /_layouts/{n}/ToolPane.aspx");
        assertThat(request.parameters()).containsExactly(new WebRequest.Parameter("DisplayMode", "Edit"),
                new WebRequest.Parameter("a", "/ToolPane.aspx"));
        assertThat(request.headers()).containsExactly(new WebRequest.Header("user-agent", "Mozilla/5.0"),
                new WebRequest.Header("referer", "/_layouts/SignOut.aspx"), new WebRequest.Header("host", "sp.example"));
    }

    @Test
    void readsExchangeHttpProxyRows() {
        FieldEvent row = FieldEvent.builder(new Origin("HttpProxy_2021030301-1.LOG", "exchange-httpproxy", 9))
                .put("Method", "POST").put("UrlStem", "/ecp/y.js").put("UrlQuery", "?msExchEcpCanary=x&a=1")
                .put("UserAgent", "ExchangeServicesClient/0.0.0.0").put("AnchorMailbox", "ServerInfo~a]@ex01:444/ecp/x").build();
        WebRequest request = WebRequest.from(row);
        assertThat(request.endpoint()).isEqualTo("POST /ecp/y.js");
        assertThat(request.parameters()).containsExactly(new WebRequest.Parameter("msExchEcpCanary", "x"),
                new WebRequest.Parameter("a", "1"));
        assertThat(request.headers()).containsExactly(new WebRequest.Header("user-agent", "ExchangeServicesClient/0.0.0.0"));
    }

    @Test
    void aFormBodyBecomesParametersAndAnyOtherBodyStaysABody() {
        FieldEvent form = FieldEvent.builder(new Origin("x", "http", 1)).put("http.request.method", "POST")
                .put("url.path", "/a").put("http.request.header.content-type", "application/x-www-form-urlencoded")
                .put("http.request.body.content", "id=3").build();
        FieldEvent json = FieldEvent.builder(new Origin("x", "http", 1)).put("http.request.method", "POST")
                .put("url.path", "/a").put("http.request.header.content-type", "application/json")
                .put("http.request.body.content", "{\"id\":3}").build();
        assertThat(WebRequest.from(form).parameters()).containsExactly(new WebRequest.Parameter("id", "3"));
        assertThat(WebRequest.from(form).body()).isNull();
        assertThat(WebRequest.from(json).body()).isEqualTo("{\"id\":3}");
        assertThat(WebRequest.from(FieldEvent.builder(new Origin("x", "json", 1)).put("a", "b").build())).isNull();
    }
}
