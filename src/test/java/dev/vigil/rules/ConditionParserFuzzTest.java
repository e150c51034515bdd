package dev.vigil.rules;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Arbitrary text as a condition: {@link ConditionParser#parse} either returns or throws
 * {@link ConditionParser.ConditionException}; Jazzer reports any other throwable. In a plain {@code mvn test}
 * this runs once over the seed inputs in {@code ConditionParserFuzzTestInputs/}.
 */
class ConditionParserFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void condition(FuzzedDataProvider data) {
        try {
            ConditionParser.parse(data.consumeRemainingAsString());
        } catch (ConditionParser.ConditionException expected) {
            // a rejected condition is fine
        }
    }
}
