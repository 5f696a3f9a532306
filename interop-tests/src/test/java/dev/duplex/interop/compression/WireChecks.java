package dev.duplex.interop.compression;

import dev.duplex.interop.compression.Payloads.Message;
import dev.duplex.interop.compression.WireTap.Frame;
import dev.duplex.interop.compression.WireTap.WireMessage;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks, from the frame headers a {@link WireTap} recorded, that the {@link Payloads} messages really went
 * compressed each way, and fragmented where the scenario fragments them.
 */
final class WireChecks {
    /** How the negotiated extension marks compressed data. */
    enum Kind {
        /** permessage-deflate (RFC 7692 section 6): RSV1 on the first frame of a compressed message only. */
        PER_MESSAGE,
        /** deflate-frame / x-webkit-deflate-frame: RSV1 on every compressed frame. */
        PER_FRAME
    }

    private WireChecks() {
    }

    /**
     * The messages Duplex sent: all compressed (Duplex has no size threshold by default), fragmented exactly
     * at {@link Payloads#duplexCuts} when the scenario says so, one frame otherwise.
     */
    static void fromDuplex(List<Frame> frames, Kind kind) {
        List<WireMessage> wire = messages(frames, "Duplex");
        for (Message m : Payloads.MESSAGES) {
            WireMessage w = wire.get(m.index());
            String what = "Duplex's " + m + " on the wire: " + w;
            assertThat(w.opcode()).as(what).isEqualTo(m.text() ? 1 : 2);
            assertThat(w.frames()).as(what).hasSize(m.duplexFragments() ? m.duplexCuts().size() + 1 : 1);
            assertCompressed(m, w, kind, what);
        }
    }

    /**
     * The messages the peer sent: compressed at least from {@link Payloads#ALWAYS_COMPRESSED} bytes (some
     * peers leave smaller ones plain), fragmented when the scenario has the peer fragment them.
     */
    static void fromPeer(List<Frame> frames, Kind kind, String peer) {
        List<WireMessage> wire = messages(frames, peer);
        int compressed = 0;
        for (Message m : Payloads.MESSAGES) {
            WireMessage w = wire.get(m.index());
            String what = peer + "'s " + m + " on the wire: " + w;
            assertThat(w.opcode()).as(what).isEqualTo(m.text() ? 1 : 2);
            if (m.peerFragments() && !m.peerCuts().isEmpty()) {
                assertThat(w.frames().size()).as(what).isGreaterThan(1);
            }
            if (m.size() >= Payloads.ALWAYS_COMPRESSED) {
                assertCompressed(m, w, kind, what);
            } else if (kind == Kind.PER_MESSAGE) {
                assertThat(w.frames().subList(1, w.frames().size())).as(what).allMatch(f -> f.rsv() == 0);
            }
            compressed += w.firstRsv1() ? 1 : 0;
        }
        assertThat(compressed).as(peer + " compressed messages").isPositive();
    }

    private static void assertCompressed(Message m, WireMessage w, Kind kind, String what) {
        if (kind == Kind.PER_MESSAGE) {
            assertThat(w.firstRsv1()).as(what + ": RSV1 on the first frame").isTrue();
            assertThat(w.frames().get(0).rsv()).as(what + ": only RSV1").isEqualTo(0b100);
            assertThat(w.frames().subList(1, w.frames().size())).as(what + ": no RSV bit on continuation frames")
                    .allMatch(f -> f.rsv() == 0);
        } else {
            assertThat(w.frames()).as(what + ": RSV1 on every frame").allMatch(f -> f.rsv() == 0b100);
        }
        if (m.compressible() && m.size() >= 64 * 1024) {
            // Even a 512-byte window (9 bits) takes a quarter off these messages; a 32 KiB one takes two thirds.
            assertThat(w.wireBytes()).as(what + ": compressed size").isLessThan(m.size() * 3L / 4);
        }
    }

    private static List<WireMessage> messages(List<Frame> frames, String who) {
        assertThat(frames).as(who + "'s control frames carry no RSV bit")
                .filteredOn(Frame::control).allMatch(f -> f.rsv() == 0);
        List<WireMessage> wire = WireTap.Direction.messagesOf(frames);
        assertThat(wire).as(who + "'s data messages").hasSize(Payloads.MESSAGES.size());
        return wire;
    }
}
