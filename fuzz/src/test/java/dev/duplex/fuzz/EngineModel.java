package dev.duplex.fuzz;

import dev.duplex.engine.EngineConfig;
import dev.duplex.engine.Role;
import dev.duplex.engine.text.Utf8Validator;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * What an RFC 6455 endpoint must report for a byte stream, written as plainly as possible: the whole input at
 * once, frame after frame, no resumption. {@link EngineFuzzTest} compares the engine's events with it.
 * <p>Where one frame breaks several rules, the first in this order decides the close code (RFC 6455 leaves the
 * order open; this is the engine's): 64-bit length with its top bit set, RSV bits, reserved opcode, control frame
 * fragmented or over 125 bytes, masking direction (section 5.1), frame size (1009); then the message rules:
 * continuation without a message, too many fragments (1009), a new message inside one, message size (1009);
 * then the payload: UTF-8 of text fails at the first byte that cannot be part of valid UTF-8 (section 8.1, with
 * the validator's state table, itself checked against the JDK by {@link Utf8FuzzTest}), close frame rules
 * (section 5.5.1, 7.4).
 */
final class EngineModel {
    /** The events, rendered as by {@link EngineRun#modelView}. */
    final List<String> events = new ArrayList<>();
    /** The close code of the close frame the endpoint writes (1005: one without a body), or -1 for none. */
    int closeWritten = -1;

    private final EngineScenario s;
    private final EngineConfig config;
    private final byte[] wire;
    private boolean closeSent;
    private boolean closed;
    private boolean localCloseDone;

    private EngineModel(EngineScenario s) {
        this.s = s;
        this.config = s.config();
        this.wire = s.wire();
    }

    static EngineModel of(EngineScenario s) {
        EngineModel m = new EngineModel(s);
        m.run();
        m.closed = true;
        m.localClose(); // when the connection closed before the application called close()
        return m;
    }

    /** Emits the local close marker once every event of the bytes before the cut has been emitted. */
    private void event(int endOffset, String event) {
        if (endOffset > s.cut()) {
            localClose();
        }
        events.add(event);
    }

    private void localClose() {
        if (s.localClose() && !localCloseDone) {
            localCloseDone = true;
            events.add("local close");
            if (!closeSent && !closed) {
                closeSent = true;
                closeWritten = 1000;
            }
        }
    }

    private void fail(int endOffset, int code) {
        if (endOffset > s.cut()) {
            localClose();
        }
        if (!closeSent) {
            closeSent = true;
            closeWritten = code;
        }
        closed = true;
        events.add("Closed(" + code + ", false)");
    }

    private void run() {
        int at = 0;
        int messageOpcode = -1;
        long messageSize = 0;
        long fragments = 0;
        int utf8 = Utf8Validator.ACCEPT;
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        while (true) {
            if (wire.length - at < 2) {
                break;
            }
            int b0 = wire[at] & 0xFF;
            int b1 = wire[at + 1] & 0xFF;
            int len7 = b1 & 0x7F;
            boolean masked = (b1 & 0x80) != 0;
            int headerLength = 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0) + (masked ? 4 : 0);
            if (wire.length - at < headerLength) {
                break;
            }
            int headerEnd = at + headerLength;
            long length = len7;
            if (len7 >= 126) {
                length = 0;
                for (int i = 0; i < (len7 == 126 ? 2 : 8); i++) {
                    length = length << 8 | wire[at + 2 + i] & 0xFF;
                }
            }
            boolean fin = (b0 & 0x80) != 0;
            int rsv = (b0 >>> 4) & 7;
            int opcode = b0 & 0xF;
            boolean control = opcode >= 8;
            if (length < 0 || rsv != 0 || !(opcode <= 2 || opcode >= 8 && opcode <= 10)
                    || control && (!fin || length > 125)
                    || masked != (s.role() == Role.SERVER)) {
                fail(headerEnd, 1002);
                return;
            }
            if (length > config.maxFramePayload()) {
                fail(headerEnd, 1009);
                return;
            }
            if (!control) {
                if (opcode == 0) {
                    if (messageOpcode < 0) {
                        fail(headerEnd, 1002);
                        return;
                    }
                    if (++fragments > config.maxFragments()) {
                        fail(headerEnd, 1009);
                        return;
                    }
                } else {
                    if (messageOpcode >= 0) {
                        fail(headerEnd, 1002);
                        return;
                    }
                    messageOpcode = opcode;
                    messageSize = 0;
                    fragments = 1;
                    utf8 = Utf8Validator.ACCEPT;
                    message.reset();
                }
                if (length > config.maxMessageSize() - messageSize) {
                    fail(headerEnd, 1009);
                    return;
                }
                messageSize += length;
            }
            long available = Math.min(length, wire.length - headerEnd);
            byte[] payload = new byte[(int) available];
            for (int i = 0; i < available; i++) {
                int keyByte = masked ? wire[at + headerLength - 4 + (i & 3)] : 0;
                payload[i] = (byte) (wire[headerEnd + i] ^ keyByte);
            }
            if (!control && messageOpcode == 1) {
                for (int i = 0; i < payload.length; i++) {
                    utf8 = Utf8Validator.validateReference(utf8, payload, i, i + 1);
                    if (utf8 == Utf8Validator.REJECT) {
                        fail(headerEnd + i + 1, 1007);
                        return;
                    }
                }
            }
            if (available < length) {
                break; // the frame is cut short: the transport ends
            }
            int frameEnd = (int) (headerEnd + length);
            if (control) {
                String hex = HexFormat.of().formatHex(payload);
                switch (opcode) {
                    case 9 -> event(frameEnd, "Ping(" + hex + ")");
                    case 10 -> event(frameEnd, "Pong(" + hex + ")");
                    default -> {
                        closeFrame(frameEnd, payload);
                        return;
                    }
                }
            } else {
                message.writeBytes(payload);
                if (fin) {
                    if (messageOpcode == 1 && utf8 != Utf8Validator.ACCEPT) {
                        fail(frameEnd, 1007);
                        return;
                    }
                    event(frameEnd, (messageOpcode == 1 ? "Text(" : "Binary(")
                            + HexFormat.of().formatHex(message.toByteArray()) + ")");
                    messageOpcode = -1;
                }
            }
            at = frameEnd;
        }
        localClose();
        closed = true;
        events.add("Closed(1006, false)");
    }

    /** Section 5.5.1 and 7.4: an empty body, or a valid code and a UTF-8 reason. */
    private void closeFrame(int frameEnd, byte[] payload) {
        if (payload.length == 1) {
            fail(frameEnd, 1002);
            return;
        }
        int code = 1005;
        String reason = "";
        if (payload.length >= 2) {
            code = (payload[0] & 0xFF) << 8 | payload[1] & 0xFF;
            boolean valid = code >= 1000 && code <= 1003 || code >= 1007 && code <= 1014
                    || code >= 3000 && code <= 4999;
            if (!valid) {
                fail(frameEnd, 1002);
                return;
            }
            if (Utf8Validator.validateReference(Utf8Validator.ACCEPT, payload, 2, payload.length)
                    != Utf8Validator.ACCEPT) {
                fail(frameEnd, 1007);
                return;
            }
            reason = new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
        }
        event(frameEnd, "CloseReceived(" + code + ", " + reason + ")");
        if (!closeSent) {
            closeSent = true;
            closeWritten = code;
        }
        closed = true;
        events.add("Closed(" + code + ", true)");
    }
}
