package dev.duplex.engine.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 6455 section 4.2.2 item 4 and section 10.2: the server decides which origins it accepts. */
class OriginPolicyTest {

    @ParameterizedTest(name = "sameOrigin: Origin {0}, Host {1} -> {2}")
    @CsvSource(nullValues = "NONE", value = {
        "NONE,                        example.com,        true",   // no Origin: not a browser
        "http://example.com,          example.com,        true",
        "http://EXAMPLE.com,          Example.COM,        true",   // case-insensitive host
        "HTTP://example.com,          example.com,        true",   // case-insensitive scheme
        "https://example.com,         example.com,        true",   // default port 443 on both sides
        "https://example.com,         example.com:443,    true",
        "http://example.com,          example.com:80,     true",
        "http://example.com:80,       example.com,        true",
        "http://example.com:8080,     example.com:8080,   true",
        "http://127.0.0.1:8766,       127.0.0.1:8766,     true",   // Chromium's request
        "http://[::1]:9000,           [::1]:9000,         true",
        "wss://example.com,           example.com,        true",
        "http://example.com:8080,     example.com,        false",
        "http://example.com,          example.com:8080,   false",
        "https://example.com,         example.com:80,     false",
        "http://example.com,          example.com:443,    false",
        "http://evil.example,         example.com,        false",
        "http://example.com.evil,     example.com,        false",
        "null,                        example.com,        false",  // opaque origin
        "http://example.com/,         example.com,        false",  // not a serialized origin
        "example.com,                 example.com,        false",
        "file://example.com,          example.com,        false",
        "http://user@example.com,     example.com,        false",
        "http://example.com,          NONE,               false",
    })
    void sameOrigin(String origin, String host, boolean allowed) {
        assertThat(OriginPolicy.sameOrigin().allows(origin, host)).isEqualTo(allowed);
    }

    @ParameterizedTest(name = "allowList: Origin {0} -> {1}")
    @CsvSource(nullValues = "NONE", value = {
        "NONE,                          true",
        "https://example.com,           true",
        "HTTPS://Example.COM,           true",
        "https://example.com:443,       true",   // default port written out
        "http://localhost:8080,         true",
        "http://example.com,            false",  // other scheme
        "https://example.com:8443,      false",
        "http://localhost,              false",
        "https://app.example.com,       false",
        "null,                          false",
        "garbage,                       false",
    })
    void allowList(String origin, boolean allowed) {
        OriginPolicy policy = OriginPolicy.allowList(List.of("https://example.com", "http://LOCALHOST:8080"));

        assertThat(policy.allows(origin, "ignored.example")).isEqualTo(allowed);
    }

    @ParameterizedTest(name = "allowList with \"null\" listed: Origin {0} -> {1}")
    @CsvSource({"null, true", "http://a.example, false"})
    void allowListNull(String origin, boolean allowed) {
        assertThat(OriginPolicy.allowList(List.of("null")).allows(origin, "a.example")).isEqualTo(allowed);
    }

    @ParameterizedTest(name = "allowList refuses the entry {0}")
    @CsvSource({"example.com", "https://example.com/", "https://", "*"})
    void allowListRefusesBadEntries(String entry) {
        assertThatThrownBy(() -> OriginPolicy.allowList(List.of(entry))).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "allowAll: Origin {0} -> true")
    @CsvSource(nullValues = "NONE", value = {"NONE", "null", "http://evil.example"})
    void allowAll(String origin) {
        assertThat(OriginPolicy.allowAll().allows(origin, "example.com")).isTrue();
    }

    @ParameterizedTest(name = "10.2: a refusal is answered 403")
    @CsvSource({"http://evil.example"})
    void forbidden(String origin) {
        HandshakeException e = HandshakeException.forbidden("origin " + HttpSyntax.quote(origin) + " is not allowed");

        assertThat(OriginPolicy.sameOrigin().allows(origin, "example.com")).isFalse();
        assertThat(e.status()).isEqualTo(403);
        assertThat(e.reason()).isEqualTo("Forbidden");
        assertThat(e.getMessage()).isEqualTo("403 Forbidden: origin \"http://evil.example\" is not allowed");
        assertThat(Heads.text(ServerHandshake.reject(e))).startsWith("HTTP/1.1 403 Forbidden\r\n");
    }
}
