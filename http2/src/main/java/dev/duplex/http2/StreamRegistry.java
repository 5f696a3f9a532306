package dev.duplex.http2;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The streams of one connection: the active ones, the identifier rules of RFC 9113 section 5.1.1 (odd for
 * clients, even for servers, each new one above all earlier ones of its side), the counts that
 * SETTINGS_MAX_CONCURRENT_STREAMS limits (section 5.1.2), and a bounded memory of how recently closed streams
 * ended, so that late frames get the answer section 5.1 gives for the closed state.
 */
final class StreamRegistry {

    /** How a closed stream ended, which decides what late frames on it mean (section 5.1, "closed"). */
    enum Closure {
        /** We sent RST_STREAM (or ignored the stream after our GOAWAY): late frames are ignored. */
        RESET_SENT,
        /** The peer sent RST_STREAM: its later DATA or HEADERS are a stream error STREAM_CLOSED. */
        RESET_RECEIVED,
        /** END_STREAM both ways: the peer's later DATA or HEADERS are a connection error STREAM_CLOSED. */
        END_STREAM
    }

    private final Http2Role role;
    private final Map<Integer, Http2Stream> active = new HashMap<>();
    private final Map<Integer, Closure> recentlyClosed;
    private int nextLocalId;
    private int highestPeerId;
    private int localActive;
    private int peerActive;

    StreamRegistry(Http2Role role, int closedMemory) {
        this.role = role;
        this.nextLocalId = role == Http2Role.CLIENT ? 1 : 2;
        this.recentlyClosed = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, Closure> eldest) {
                return size() > closedMemory;
            }
        };
    }

    Http2Stream get(int id) {
        return active.get(id);
    }

    /** True when {@code id} is one the peer opens. */
    boolean isPeerId(int id) {
        return !role.initiates(id);
    }

    /** True while no stream {@code id} was ever opened, nor any higher one of its side (section 5.1.1). */
    boolean isIdle(int id) {
        return role.initiates(id) ? nextLocalId > 0 && id >= nextLocalId : id > highestPeerId;
    }

    /** How a closed stream ended, or null when it is forgotten or was never opened. */
    Closure closure(int id) {
        return recentlyClosed.get(id);
    }

    /** The identifier our next stream will get, or -1 once they are used up (section 5.1.1). */
    int nextLocalId() {
        return nextLocalId;
    }

    int highestPeerId() {
        return highestPeerId;
    }

    int localActive() {
        return localActive;
    }

    int peerActive() {
        return peerActive;
    }

    int activeCount() {
        return active.size();
    }

    /** Opens our next stream. */
    Http2Stream openLocal(long sendWindow, long receiveWindow) {
        Http2Stream s = new Http2Stream(nextLocalId, true, sendWindow, receiveWindow);
        nextLocalId = nextLocalId > FrameHeader.MAX_31 - 2 ? -1 : nextLocalId + 2;
        active.put(s.id, s);
        localActive++;
        return s;
    }

    /** The peer used a new identifier: every lower idle one of its side is now closed (section 5.1.1). */
    void peerIdUsed(int id) {
        highestPeerId = id;
    }

    /** Registers a stream the peer opened with a new identifier (after {@link #peerIdUsed}). */
    Http2Stream openPeer(int id, long sendWindow, long receiveWindow) {
        Http2Stream s = new Http2Stream(id, false, sendWindow, receiveWindow);
        active.put(id, s);
        peerActive++;
        return s;
    }

    /** Forgets an active stream, remembering how it ended. */
    void close(Http2Stream s, Closure closure) {
        if (active.remove(s.id) != null) {
            if (s.local) {
                localActive--;
            } else {
                peerActive--;
            }
        }
        remember(s.id, closure);
    }

    /** Remembers how a stream that is not active ended (one the peer opened and we ignored). */
    void remember(int id, Closure closure) {
        recentlyClosed.put(id, closure);
    }

    /** The active streams in identifier order. */
    List<Http2Stream> activeStreams() {
        List<Http2Stream> list = new ArrayList<>(active.values());
        list.sort((a, b) -> Integer.compare(a.id, b.id));
        return list;
    }

    @Override
    public String toString() {
        return "streams[active=" + active.size() + " (" + localActive + " local, " + peerActive + " peer), next="
                + nextLocalId + ", highestPeer=" + highestPeerId + ", remembered=" + recentlyClosed.size() + "]";
    }
}
