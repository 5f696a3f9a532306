package dev.duplex.engine.extension;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** permessage-deflate negotiation, RFC 7692 sections 5 and 7.1, through {@link ExtensionNegotiation}. */
class PerMessageDeflateNegotiationTest {
    static final List<ExtensionFactory> DEFAULTS = List.of(PerMessageDeflate.defaults());

    static String answer(List<ExtensionFactory> factories, String... offerLines) {
        ExtensionNegotiation.Agreed agreed = ExtensionNegotiation.accept(factories, List.of(offerLines));
        agreed.extensions().forEach(Extension::close);
        return agreed.header();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            // What real clients offer (PEERS.md) and what a default server answers.
            "permessage-deflate; client_max_window_bits | permessage-deflate",
            "permessage-deflate; client_no_context_takeover; client_max_window_bits | permessage-deflate; client_no_context_takeover",
            "permessage-deflate; server_no_context_takeover; client_no_context_takeover | permessage-deflate; server_no_context_takeover; client_no_context_takeover",
            "permessage-deflate | permessage-deflate",
            "permessage-deflate; server_max_window_bits=10 | permessage-deflate; server_max_window_bits=10",
            "permessage-deflate; server_max_window_bits=8; client_max_window_bits=9 | permessage-deflate; server_max_window_bits=8",
            "PerMessage-Deflate; Client_Max_Window_Bits | permessage-deflate",
            "permessage-deflate; server_max_window_bits=\"12\" | permessage-deflate; server_max_window_bits=12",
    })
    @DisplayName("7.1: a default server accepts valid offers and answers with what binds it")
    void acceptsValidOffers(String offer, String expected) {
        assertThat(answer(DEFAULTS, offer)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "permessage-deflate; server_no_context_takeover; server_no_context_takeover",
            "permessage-deflate; foo",
            "permessage-deflate; server_max_window_bits",
            "permessage-deflate; server_max_window_bits=7",
            "permessage-deflate; server_max_window_bits=16",
            "permessage-deflate; server_max_window_bits=08",
            "permessage-deflate; server_max_window_bits=1a",
            "permessage-deflate; client_max_window_bits=7",
            "permessage-deflate; client_max_window_bits=16",
            "permessage-deflate; client_no_context_takeover=1",
            "permessage-deflate; server_no_context_takeover=true",
    })
    @DisplayName("5, 7.1: an invalid offer is declined")
    void declinesInvalidOffers(String offer) {
        assertThat(answer(DEFAULTS, offer)).isNull();
    }

    @Test
    @DisplayName("7.1 / RFC 6455 9.1: offers are considered in order, across one header and repeated lines")
    void considersOffersInOrder() {
        assertThat(answer(DEFAULTS, "permessage-deflate; server_max_window_bits=7, permessage-deflate; server_max_window_bits=9"))
                .isEqualTo("permessage-deflate; server_max_window_bits=9");
        assertThat(answer(DEFAULTS, "x-unknown; a=b", "permessage-deflate; bogus", "permessage-deflate; server_no_context_takeover"))
                .isEqualTo("permessage-deflate; server_no_context_takeover");
        assertThat(answer(DEFAULTS, "permessage-deflate, permessage-deflate; server_no_context_takeover"))
                .as("only one permessage-deflate is used").isEqualTo("permessage-deflate");
    }

    @Test
    @DisplayName("RFC 6455 9.1: an unparseable header is ignored, not fatal")
    void malformedHeaderIgnored() {
        assertThat(answer(DEFAULTS, "permessage-deflate; ;;")).isNull();
        assertThat(answer(DEFAULTS, "permessage-deflate; x=\"unterminated")).isNull();
    }

    @Test
    @DisplayName("7.1.1, 7.1.2: server policy adds no-context-takeover and window limits")
    void serverPolicy() {
        List<ExtensionFactory> policy = List.of(PerMessageDeflate.builder().serverNoContextTakeover(true)
                .clientNoContextTakeover(true).serverMaxWindowBits(11).clientMaxWindowBits(10).build());
        assertThat(answer(policy, "permessage-deflate; client_max_window_bits"))
                .isEqualTo("permessage-deflate; server_no_context_takeover; client_no_context_takeover; "
                        + "server_max_window_bits=11; client_max_window_bits=10");
        assertThat(answer(policy, "permessage-deflate")).as("no client_max_window_bits without the client's consent")
                .isEqualTo("permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=11");
        assertThat(answer(policy, "permessage-deflate; server_max_window_bits=9; client_max_window_bits=12"))
                .isEqualTo("permessage-deflate; server_no_context_takeover; client_no_context_takeover; "
                        + "server_max_window_bits=9; client_max_window_bits=10");
    }

    @Test
    @DisplayName("7.1.2.2: a client offers client_max_window_bits like browsers do")
    void clientOffer() {
        assertThat(ExtensionNegotiation.offer(DEFAULTS)).isEqualTo("permessage-deflate; client_max_window_bits");
        assertThat(ExtensionNegotiation.offer(List.of(PerMessageDeflate.builder().serverMaxWindowBits(10)
                .clientNoContextTakeover(true).clientMaxWindowBits(9).build())))
                .isEqualTo("permessage-deflate; client_no_context_takeover; server_max_window_bits=10; client_max_window_bits=9");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "permessage-deflate; client_max_window_bits",           // a value is required in an answer
            "permessage-deflate; server_max_window_bits=16",
            "permessage-deflate; unknown",
            "permessage-deflate; server_no_context_takeover; server_no_context_takeover",
            "x-webkit-deflate-frame",                                // not offered
            "permessage-deflate, permessage-deflate",                // twice
    })
    @DisplayName("7.1, RFC 6455 4.1: the client fails the connection on an invalid answer")
    void clientRefusesInvalidAnswers(String answer) {
        assertThatThrownBy(() -> ExtensionNegotiation.confirm(DEFAULTS, answer))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("7.1.1.1, 7.1.2.1: answers that ignore what the client asked for fail")
    void clientRequiresWhatItAskedFor() {
        List<ExtensionFactory> asking = List.of(PerMessageDeflate.builder().serverMaxWindowBits(10)
                .serverNoContextTakeover(true).build());
        assertThatThrownBy(() -> ExtensionNegotiation.confirm(asking, "permessage-deflate; server_no_context_takeover"))
                .hasMessageContaining("server_max_window_bits");
        assertThatThrownBy(() -> ExtensionNegotiation.confirm(asking, "permessage-deflate; server_max_window_bits=12; server_no_context_takeover"))
                .hasMessageContaining("server_max_window_bits");
        assertThatThrownBy(() -> ExtensionNegotiation.confirm(asking, "permessage-deflate; server_max_window_bits=9"))
                .hasMessageContaining("server_no_context_takeover");
        List<Extension> ok = ExtensionNegotiation.confirm(asking,
                "permessage-deflate; server_max_window_bits=9; server_no_context_takeover");
        assertThat(ok).singleElement().extracting(Extension::name).isEqualTo("permessage-deflate");
        ok.forEach(Extension::close);
    }

    @Test
    @DisplayName("7.1: valid answers are confirmed, including python3-websockets' window bits 12")
    void clientAcceptsValidAnswers() {
        for (String answer : List.of("permessage-deflate", "permessage-deflate; server_max_window_bits=12",
                "permessage-deflate; client_max_window_bits=8", "permessage-deflate; client_no_context_takeover",
                "permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=15; client_max_window_bits=15")) {
            List<Extension> e = ExtensionNegotiation.confirm(DEFAULTS, answer);
            assertThat(e).as(answer).hasSize(1);
            assertThat(e.get(0).agreed().toHeaderValue()).isEqualTo(answer);
            e.forEach(Extension::close);
        }
        assertThat(ExtensionNegotiation.confirm(DEFAULTS, null)).isEmpty();
    }

    @Test
    @DisplayName("RFC 6455 9.1: two extensions claiming RSV1 are never both used")
    void rsvConflict() {
        List<ExtensionFactory> both = List.of(PerMessageDeflate.defaults(), DeflateFrame.create());
        assertThat(answer(both, "x-webkit-deflate-frame, permessage-deflate")).isEqualTo("x-webkit-deflate-frame");
        assertThatThrownBy(() -> ExtensionNegotiation.confirm(both, "permessage-deflate, x-webkit-deflate-frame"))
                .hasMessageContaining("RSV");
    }

    @Test
    @DisplayName("deflate-frame: both names accepted by a server, answered under the offered name")
    void deflateFrameNames() {
        List<ExtensionFactory> f = List.of(DeflateFrame.create());
        assertThat(answer(f, "deflate-frame")).isEqualTo("deflate-frame");
        assertThat(answer(f, "x-webkit-deflate-frame")).isEqualTo("x-webkit-deflate-frame");
        assertThat(answer(f, "x-webkit-deflate-frame; max_window_bits=10; no_context_takeover"))
                .isEqualTo("x-webkit-deflate-frame; max_window_bits=10; no_context_takeover");
        assertThat(answer(f, "deflate-frame; foo")).isNull();
        assertThat(ExtensionNegotiation.offer(f)).isEqualTo("x-webkit-deflate-frame");
    }
}
