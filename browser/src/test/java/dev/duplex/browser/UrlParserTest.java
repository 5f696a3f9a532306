package dev.duplex.browser;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The URL Standard's parser for the special schemes (https://url.spec.whatwg.org/#concept-basic-url-parser).
 * Expected serializations are what the standard gives, and, where noted, what Chromium 156 returned for
 * {@code new WebSocket(input).url}.
 */
class UrlParserTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            ws://example.com                         | ws://example.com/
            WS://EXAMPLE.com:80/a                    | ws://example.com/a
            wss://example.com:443/                   | wss://example.com/
            wss://example.com:80/                    | wss://example.com:80/
            ws://example.com:0080/                   | ws://example.com/
            ws://example.com:/x                      | ws://example.com/x
            "  ws://example.com/a\tb\n "             | ws://example.com/ab
            ws:example.com/x                         | ws://example.com/x
            ws:/example.com/x                        | ws://example.com/x
            ws:\\\\example.com\\x\\y                 | ws://example.com/x/y
            ws://example.com/a/./b/../c              | ws://example.com/a/c
            ws://example.com/a/%2e%2E/b/.            | ws://example.com/b/
            ws://example.com/..                      | ws://example.com/
            ws://example.com/a b?c d                 | ws://example.com/a%20b?c%20d
            ws://example.com/?q='"<>`                | ws://example.com/?q=%27%22%3C%3E`
            ws://example.com/a^`{}"<>                | ws://example.com/a%5E%60%7B%7D%22%3C%3E
            ws://example.com/%zz%41                  | ws://example.com/%zz%41
            ws://example.com/é?é                     | ws://example.com/%C3%A9?%C3%A9
            ws://user:pa:ss@example.com/             | ws://user:pa%3Ass@example.com/
            ws://a@b@example.com/                    | ws://a%40b@example.com/
            ws://0x7f.1:1/                           | ws://127.0.0.1:1/
            ws://0177.0.0.1/                         | ws://127.0.0.1/
            ws://2130706433/                         | ws://127.0.0.1/
            ws://127.1./                             | ws://127.0.0.1/
            ws://[::1]:1/                            | ws://[::1]:1/
            ws://[0:0:0:0:0:0:0:1]/                  | ws://[::1]/
            ws://[1:0:0:2::3:0]/                     | ws://[1::2:0:0:3:0]/
            ws://[::ffff:192.168.0.1]/               | ws://[::ffff:c0a8:1]/
            ws://ⓛocalhost:1/                        | ws://localhost:1/
            ws://bücher.example/                     | ws://xn--bcher-kva.example/
            ws://%41%42.example/                     | ws://ab.example/
            http://example.com/                      | http://example.com/
            """)
    void serializes(String input, String expected) throws Exception {
        assertThat(UrlParser.parse(input, null).serialize()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} against {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            /echo            | http://127.0.0.1:8080/page/index.html | http://127.0.0.1:8080/echo
            echo?x           | http://127.0.0.1:8080/page/index.html | http://127.0.0.1:8080/page/echo?x
            ../e             | https://h/a/b/c                       | https://h/a/e
            //other:81/x     | http://h/a                            | http://other:81/x
            ?q               | http://h/a?old                        | http://h/a?q
            http:rel         | http://h/a/b                          | http://h/a/rel
            ws://x/y         | http://h/a/b                          | ws://x/y
            """)
    void resolvesAgainstBase(String input, String base, String expected) throws Exception {
        assertThat(UrlParser.parse(input, UrlParser.parse(base, null)).serialize()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            /relative                  | a relative URL needs a base URL
            example.com                | a relative URL needs a base URL
            ""                         | a relative URL needs a base URL
            ftp://example.com/         | the scheme must be ws, wss, http or https
            file:///x                  | the scheme must be ws, wss, http or https
            javascript:alert(1)        | the scheme must be ws, wss, http or https
            ws://                      | no host
            ws:///                     | no host
            ws://:80/                  | a port without a host
            ws://user@/                | credentials without a host
            ws://h:65536/              | port out of range
            ws://h:99999999999/        | port out of range
            ws://h:8a/                 | invalid port character
            ws://exa mple.com/         | forbidden character in host
            ws://exa<mple.com/         | forbidden character in host
            ws://ex%00ample.com/       | forbidden character in host
            ws://[::1/                 | unclosed IPv6 address
            ws://[::1::2]/             | invalid IPv6 address
            ws://[1:2:3:4:5:6:7:8:9]/  | invalid IPv6 address
            ws://1.2.3.256/            | IPv4 address out of range
            ws://1.2.3.4.5/            | an IPv4 address has at most four parts
            ws://256.1.1.1/            | IPv4 address part out of range
            ws://1.2.3.09/             | invalid IPv4 address
            """)
    void refuses(String input, String reason) {
        assertThatThrownBy(() -> UrlParser.parse(input, null))
                .isInstanceOf(UrlParser.Failure.class)
                .hasMessageContaining(reason);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ws://example.com/#            | ''
            ws://example.com/#a b         | a%20b
            ws://example.com/?q#f         | f
            """)
    void keepsTheFragmentForTheConstructorToRefuse(String input, String fragment) throws Exception {
        assertThat(UrlParser.parse(input, null).fragment()).isEqualTo(fragment);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', textBlock = """
            ws://example.com/a|b?c|d{}  ; ws://example.com/a%7Cb?c%7Cd%7B%7D
            ws://example.com/%zz        ; ws://example.com/%25zz
            ws://[::1]:9/x              ; ws://[::1]:9/x
            """)
    void convertsToAJavaUri(String input, String uri) throws Exception {
        assertThat(UrlParser.parse(input, null).toUri()).hasToString(uri);
    }
}
