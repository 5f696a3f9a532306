package dev.duplex.engine.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class HttpHeadersTest {

    @Test
    @DisplayName("RFC 9110 5.1: names are case-insensitive; lines keep order and spelling")
    void caseInsensitiveLookup() {
        HttpHeaders headers = new HttpHeaders().add("Host", "a").add("X-One", "1").add("x-one", "2");

        assertThat(headers.first("HOST")).isEqualTo("a");
        assertThat(headers.first("missing")).isNull();
        assertThat(headers.all("X-ONE")).containsExactly("1", "2");
        assertThat(headers.all("missing")).isEmpty();
        assertThat(headers.names()).containsExactly("Host", "X-One");
        assertThat(headers.size()).isEqualTo(3);
        assertThat(headers.contains("x-ONE")).isTrue();
        assertThat(headers).hasToString("{Host: a, X-One: 1, x-one: 2}");
    }

    @Test
    @DisplayName("RFC 9110 5.3 and 5.6.1: repeated lines form one list; elements trimmed, empty ones skipped")
    void tokensAcrossLines() {
        HttpHeaders headers = new HttpHeaders()
                .add("Sec-WebSocket-Protocol", "chat")
                .add("Sec-WebSocket-Protocol", " superchat ,\t, v2.json,")
                .add("Sec-WebSocket-Protocol", "");

        assertThat(headers.tokens("sec-websocket-protocol")).containsExactly("chat", "superchat", "v2.json");
        assertThat(headers.tokens("missing")).isEmpty();
    }

    @Test
    @DisplayName("RFC 9110 5.6.4: a comma inside a quoted string does not split a list element")
    void quotedCommas() {
        HttpHeaders headers = new HttpHeaders().add("X", "a; p=\"1,2\", b; q=\"\\\",\"");

        assertThat(headers.tokens("X")).containsExactly("a; p=\"1,2\"", "b; q=\"\\\",\"");
    }

    @Test
    @DisplayName("RFC 6455 4.2.1: tokens are matched ASCII case-insensitively")
    void containsToken() {
        HttpHeaders headers = new HttpHeaders().add("Connection", "keep-alive, UPGRADE");

        assertThat(headers.containsToken("connection", "upgrade")).isTrue();
        assertThat(headers.containsToken("Connection", "close")).isFalse();
        assertThat(headers.containsToken("Connection", "keep")).isFalse();
        assertThat(HttpSyntax.equalsIgnoreAsciiCase("websoc\u212Aet", "websocket"))
                .as("the Kelvin sign is not an ASCII k, unlike in String.equalsIgnoreCase").isFalse();
        assertThatThrownBy(() -> new HttpHeaders().add("Upgrade", "websoc\u212Aet"))
                .as("values are ISO-8859-1").isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("RFC 9110 5.1 and 5.5: add refuses non-token names and control characters (no header injection)")
    void addRefusesInjection() {
        HttpHeaders headers = new HttpHeaders();

        assertThatThrownBy(() -> headers.add("X Y", "v")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> headers.add("", "v")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> headers.add("X", "a\r\nSet-Cookie: b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> headers.add("X", "a\u0000")).isInstanceOf(IllegalArgumentException.class);
        assertThat(headers.size()).isZero();
        assertThat(headers.add("X", "tab\there \u00e9").first("x")).isEqualTo("tab\there \u00e9");
    }

    @Test
    @DisplayName("forEach visits lines in order; equality ignores name case only")
    void forEachAndEquality() {
        HttpHeaders headers = new HttpHeaders().add("A", "1").add("B", "2").add("a", "3");
        List<String> seen = new ArrayList<>();
        headers.forEach((name, value) -> seen.add(name + "=" + value));

        assertThat(seen).containsExactly("A=1", "B=2", "a=3");
        assertThat(headers).isEqualTo(new HttpHeaders().add("a", "1").add("b", "2").add("A", "3"));
        assertThat(headers.hashCode()).isEqualTo(new HttpHeaders().add("a", "1").add("b", "2").add("A", "3").hashCode());
        assertThat(headers).isNotEqualTo(new HttpHeaders().add("A", "1").add("a", "3").add("B", "2"));
        assertThat(headers).isNotEqualTo(new HttpHeaders().add("A", "1").add("B", "2").add("a", "X"));
        assertThat(HttpHeaders.copyOf(headers)).isEqualTo(headers).isNotSameAs(headers);
        assertThat(HttpHeaders.copyOf(null).size()).isZero();
    }
}
