package org.vigil.ingest;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InputChecksTest {

    @Test
    void acceptsUtf8IncludingNonAscii() {
        assertThat(InputChecks.decode("Zoë, 37.5 °C".getBytes(StandardCharsets.UTF_8))).isEqualTo("Zoë, 37.5 °C");
    }

    @Test
    void refusesLatin1NamingTheByteAndOffset() {
        byte[] latin1 = "age,sex\nZo\u00eb,1".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> InputChecks.decode(latin1))
                .hasMessage("input is not valid UTF-8: byte 0xEB at offset 10 (Latin-1 or another encoding?)");
    }

    @Test
    void refusesByteOrderMarks() {
        assertThatThrownBy(() -> InputChecks.decode(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}'}))
                .hasMessageContaining("UTF-8 byte-order mark");
        assertThatThrownBy(() -> InputChecks.decode("{}".getBytes(StandardCharsets.UTF_16)))
                .hasMessage("input is UTF-16 (byte-order mark); send UTF-8");
    }

    @Test
    void refusesNulBytesAndTruncatedCharacters() {
        assertThatThrownBy(() -> InputChecks.decode(new byte[] {'a', 0, 'b'})).hasMessageContaining("NUL byte");
        assertThatThrownBy(() -> InputChecks.decode(new byte[] {'a', (byte) 0xC3}))
                .hasMessageContaining("not valid UTF-8");
    }
}
