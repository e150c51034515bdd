package dev.vigil.anomaly.request;

import dev.vigil.anomaly.AnomalyScore;
import dev.vigil.anomaly.Finding;
import dev.vigil.anomaly.ModelFormatException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestModelTest {
    private static final String[] NAMES = {"Vino Rioja", "Queso Manchego", "Jamón Ibérico", "Aceite", "Turrón"};

    private static WebRequest request(String method, String path, String... pairs) {
        List<WebRequest.Parameter> parameters = new ArrayList<>();
        for (int index = 0; index < pairs.length; index += 2) {
            parameters.add(new WebRequest.Parameter(pairs[index], pairs[index + 1]));
        }
        return new WebRequest(method, path, parameters, List.of(new WebRequest.Header("user-agent", "Mozilla/5.0"),
                new WebRequest.Header("host", "shop.example")), null);
    }

    private static List<WebRequest> training() {
        Random random = new Random(7);
        List<WebRequest> requests = new ArrayList<>();
        for (int index = 0; index < 400; index++) {
            requests.add(request("GET", "/shop/item.jsp", "id", Integer.toString(1 + random.nextInt(60)),
                    "mode", random.nextBoolean() ? "view" : "edit", "name", NAMES[random.nextInt(NAMES.length)]));
            requests.add(request("GET", "/shop/index.jsp"));
        }
        return requests;
    }

    private static RequestModel learned(Scoring scoring) {
        RequestModel model = new RequestModel(scoring, RequestModelLimits.DEFAULT);
        training().forEach(model::learn);
        return model;
    }

    private static List<String> features(AnomalyScore score) {
        return score.findings().stream().map(Finding::feature).toList();
    }

    @Test
    void learnedRequestsScoreZero() {
        RequestModel model = learned(Scoring.DEFAULT);
        for (WebRequest request : training()) {
            assertThat(model.explain(request)).isEqualTo(AnomalyScore.NORMAL);
        }
        assertThat(model.requests()).isEqualTo(800);
        assertThat(model.endpoints()).isEqualTo(2);
        assertThat(model.capsHit()).isEmpty();
    }

    @Test
    void aNewValueOfAKnownKindScoresLittleAndAnInjectionScoresHighWithItsCharacters() {
        RequestModel model = learned(Scoring.DEFAULT);
        AnomalyScore ordinary = model.explain(request("GET", "/shop/item.jsp", "id", "61", "mode", "view", "name", "Aceite"));
        AnomalyScore injection = model.explain(request("GET", "/shop/item.jsp", "id", "1' OR '1'='1", "mode", "view",
                "name", "Aceite"));

        assertThat(ordinary.score()).isLessThan(2);
        assertThat(injection.score()).isGreaterThan(20);
        assertThat(injection.findings().get(0).feature()).isEqualTo("parameter id characters");
        assertThat(injection.findings().get(0).observed()).contains("'").contains(" ").contains("O").contains("=");
        assertThat(injection.findings().get(0).normal()).contains("0123456789");
        assertThat(features(injection)).contains("parameter id shape", "parameter id length");
        assertThat(injection.explanation(2)).startsWith("score ").contains("parameter id characters");
    }

    @Test
    void structureFindings() {
        RequestModel model = learned(Scoring.DEFAULT);
        assertThat(features(model.explain(request("GET", "/shop/item.jsp.bak")))).containsExactly("endpoint");
        assertThat(features(model.explain(request("PUT", "/shop/index.jsp")))).containsExactly("endpoint");
        assertThat(features(model.explain(request("GET", "/shop/item.jsp", "id", "3", "modeA", "view", "name", "Aceite"))))
                .contains("parameter 'modeA'", "parameter mode", "parameter set");
        assertThat(model.explain(request("GET", "/shop/item.jsp", "id", "3", "name", "Aceite")).findings())
                .anySatisfy(finding -> assertThat(finding.observed()).isEqualTo("missing"));
        assertThat(features(model.explain(request("GET", "/shop/item.jsp", "id", "3", "mode", "delete", "name", "Aceite"))))
                .contains("parameter mode value");
    }

    @Test
    void headersAreScoredAcrossEndpoints() {
        RequestModel model = learned(Scoring.DEFAULT);
        WebRequest forged = new WebRequest("GET", "/shop/index.jsp", List.of(), List.of(
                new WebRequest.Header("user-agent", "sqlmap/1.7"), new WebRequest.Header("host", "shop.example"),
                new WebRequest.Header("referer", "/_layouts/SignOut.aspx")), null);
        assertThat(features(model.explain(forged))).contains("header 'referer'", "header user-agent value",
                "header user-agent characters");
    }

    @Test
    void combinationSumAddsAndMaxTakesTheLargest() {
        WebRequest attack = request("GET", "/shop/item.jsp", "id", "<script>", "mode", "x", "name", "Aceite");
        AnomalyScore sum = learned(Scoring.DEFAULT).explain(attack);
        AnomalyScore max = learned(new Scoring(Scoring.DEFAULT.features(), Combination.MAX, 4096)).explain(attack);
        assertThat(sum.score()).isEqualTo(sum.findings().stream().mapToDouble(Finding::surprise).sum())
                .isCloseTo(learned(Scoring.DEFAULT).score(attack), org.assertj.core.api.Assertions.within(1e-9));
        assertThat(max.score()).isEqualTo(max.findings().get(0).surprise()).isLessThan(sum.score());
    }

    @Test
    void aModelReadBackScoresAsTheOriginalAndWritesTheSameBytes() throws Exception {
        RequestModel model = learned(Scoring.DEFAULT);
        byte[] written = write(model);
        RequestModel read = RequestModel.read(new ByteArrayInputStream(written), "model.bin");

        assertThat(write(read)).isEqualTo(written);
        List<WebRequest> probes = List.of(request("GET", "/shop/item.jsp", "id", "1 UNION SELECT", "mode", "view",
                "name", "Aceite"), request("GET", "/x"), request("GET", "/shop/item.jsp", "id", "7"));
        for (WebRequest probe : probes) {
            assertThat(read.explain(probe)).isEqualTo(model.explain(probe));
            assertThat(read.score(probe)).isEqualTo(model.explain(probe).score());
        }
        assertThat(read.scoring()).isEqualTo(model.scoring());
    }

    @Test
    void damagedModelFilesAreRejectedWithTheFileNamed() throws Exception {
        byte[] written = write(learned(Scoring.DEFAULT));
        assertThatThrownBy(() -> RequestModel.read(new ByteArrayInputStream("not a model".getBytes()), "m.bin"))
                .isInstanceOf(ModelFormatException.class).hasMessage("m.bin: not a Vigil model file");
        assertThatThrownBy(() -> RequestModel.read(new ByteArrayInputStream(Arrays.copyOf(written, written.length / 2)),
                "m.bin")).isInstanceOf(ModelFormatException.class).hasMessageStartingWith("m.bin: model file is");
        byte[] future = written.clone();
        future[8 + 2 + RequestModel.KIND.length() + 3] = 99;
        assertThatThrownBy(() -> RequestModel.read(new ByteArrayInputStream(future), "m.bin"))
                .isInstanceOf(ModelFormatException.class)
                .hasMessage("m.bin: requests model format version 99 is not supported (this Vigil reads [2])");
        byte[] longer = Arrays.copyOf(written, written.length + 1);
        assertThatThrownBy(() -> RequestModel.read(new ByteArrayInputStream(longer), "m.bin"))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("after its end marker");
    }

    @Test
    void capsStopGrowthAndAreCounted() {
        RequestModelLimits tight = new RequestModelLimits(1, 2, 3, 2, 50, 1, 4096);
        RequestModel model = new RequestModel(Scoring.DEFAULT, tight);
        training().forEach(model::learn);
        assertThat(model.endpoints()).isEqualTo(1);
        assertThat(model.capsHit()).containsKeys("endpoints", "parameter_names", "values_per_slot", "header_names")
                .allSatisfy((cap, count) -> assertThat(count).isPositive());
        // A slot whose value set is full cannot tell new from forgotten: no value finding, other features still work.
        AnomalyScore score = model.explain(request("GET", "/shop/item.jsp", "id", "999", "mode", "vi'ew"));
        assertThat(features(score)).doesNotContain("parameter id value").contains("parameter mode characters");
    }

    private static byte[] write(RequestModel model) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        model.write(bytes);
        return bytes.toByteArray();
    }
}
