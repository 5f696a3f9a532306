package dev.duplex.http2;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Our own SETTINGS (RFC 9113 section 6.5.3), after python-hyper/h2's {@code settings.py}: values sent wait for
 * the peer's acknowledgement, and only then take effect where the peer's compliance is assumed (our HPACK
 * decoder's table size, the receive windows of new streams). Limits that protect us (frame size, concurrent
 * streams, header list size) are enforced from the start by the connection instead.
 */
final class LocalSettings {
    private final ArrayDeque<List<Frame.Setting>> unacknowledged = new ArrayDeque<>();
    private Settings acknowledged = Settings.DEFAULTS;

    /** The parameters of our first SETTINGS frame (section 3.4): what the configuration changes from defaults. */
    static List<Frame.Setting> initial(Http2Role role, Http2Config config) {
        List<Frame.Setting> list = new ArrayList<>();
        if (config.headerTableSize() != Settings.DEFAULTS.headerTableSize()) {
            list.add(new Frame.Setting(Settings.HEADER_TABLE_SIZE, config.headerTableSize()));
        }
        if (role == Http2Role.CLIENT) {
            list.add(new Frame.Setting(Settings.ENABLE_PUSH, 0));
        }
        list.add(new Frame.Setting(Settings.MAX_CONCURRENT_STREAMS, config.maxConcurrentStreams()));
        if (config.initialWindowSize() != Settings.DEFAULT_WINDOW_SIZE) {
            list.add(new Frame.Setting(Settings.INITIAL_WINDOW_SIZE, config.initialWindowSize()));
        }
        if (config.maxFrameSize() != Settings.MIN_MAX_FRAME_SIZE) {
            list.add(new Frame.Setting(Settings.MAX_FRAME_SIZE, config.maxFrameSize()));
        }
        list.add(new Frame.Setting(Settings.MAX_HEADER_LIST_SIZE, config.maxHeaderListSize()));
        if (role == Http2Role.SERVER && config.enableConnectProtocol()) {
            list.add(new Frame.Setting(Settings.ENABLE_CONNECT_PROTOCOL, 1));
        }
        return List.copyOf(list);
    }

    void sent(List<Frame.Setting> settings) {
        unacknowledged.addLast(settings);
    }

    /**
     * The peer acknowledged our oldest unacknowledged SETTINGS: they are now in effect. Returns the settings
     * in effect, or null for an ACK that answers nothing (ignored).
     */
    Settings acknowledge() {
        List<Frame.Setting> settings = unacknowledged.pollFirst();
        if (settings == null) {
            return null;
        }
        for (Frame.Setting s : settings) {
            acknowledged = acknowledged.with(s.id(), s.value());
        }
        return acknowledged;
    }

    /** Our settings the peer has acknowledged (the defaults before the first ACK). */
    Settings acknowledged() {
        return acknowledged;
    }

    int pending() {
        return unacknowledged.size();
    }

    @Override
    public String toString() {
        return "LocalSettings[" + acknowledged + ", " + unacknowledged.size() + " unacknowledged]";
    }
}
