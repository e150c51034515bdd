package dev.vigil.engine;

import dev.vigil.event.Value;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The digits shortcut of {@link ValueTests#parseNumber} reads every text as {@link Value#parseNumber} does. */
class NumberShortcutTest {
    @Test
    void shortcutAgreesWithTheGeneralParser() {
        Random random = new Random(3);
        String alphabet = "0123456789 -+.xXeEaF";
        int digitsOnly = 0;
        for (int i = 0; i < 300_000; i++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(20);
            boolean digits = random.nextBoolean();
            for (int c = 0; c < length; c++) {
                text.append(digits ? (char) ('0' + random.nextInt(10)) : alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String value = text.toString();
            digitsOnly += value.chars().allMatch(Character::isDigit) && !value.isEmpty() ? 1 : 0;
            assertThat(Double.doubleToRawLongBits(ValueTests.parseNumber(value))).as("'%s'", value)
                    .isEqualTo(Double.doubleToRawLongBits(Value.parseNumber(value)));
        }
        for (String value : new String[] {"0", "00", "4688", "000000000000001", "999999999999999", "9999999999999999",
                "\u0663", "", " 4688", "4688 "}) {
            assertThat(Double.doubleToRawLongBits(ValueTests.parseNumber(value))).as("'%s'", value)
                    .isEqualTo(Double.doubleToRawLongBits(Value.parseNumber(value)));
        }
        assertThat(digitsOnly).isGreaterThan(100_000);
    }
}
