package dev.duplex.engine;

import dev.duplex.engine.text.Utf8Oracle;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * An independent, deliberately naive model of what the engine must do with a whole input (RFC 6455 sections
 * 5-8): it decodes frames with plain array arithmetic, judges UTF-8 with the JDK's strict decoder, and
 * produces the expected events and written frames. Checks are applied in the engine's documented layering:
 * frame header rules (5.2, 5.5, 10.4 frame limit), then message rules (5.4, 10.4 message limit), then
 * payload (8.1, failing as soon as the UTF-8 seen so far cannot be completed).
 * <p>Events are rendered like {@link RecordingListener#render}, except failures, which are
 * {@code Failed(code, ExceptionClass)} since their reason text is the engine's own.
 */
final class ReferenceModel {
    record Result(List<String> events, List<String> frames) {
    }

    private static final int OP_CONT = 0;
    private static final int OP_TEXT = 1;
    private static final int OP_BINARY = 2;
    private static final int OP_CLOSE = 8;
    private static final int OP_PING = 9;
    private static final int OP_PONG = 10;

    private final Role role;
    private final EngineConfig config;
    private final List<String> events = new ArrayList<>();
    private final List<String> frames = new ArrayList<>();
    private boolean open;
    private boolean done;
    private int messageOpcode = -1;
    private long messageFragments;
    private final ByteArrayOutputStream message = new ByteArrayOutputStream();

    private ReferenceModel(Role role, EngineConfig config, boolean localCloseFirst) {
        this.role = role;
        this.config = config;
        this.open = !localCloseFirst;
        if (localCloseFirst) {
            frames.add("close 1000");
        }
    }

    /** What an engine of {@code role} does with {@code input}, after {@code close(1000, "")} if asked. */
    static Result run(Role role, EngineConfig config, boolean localCloseFirst, byte[] input) {
        ReferenceModel m = new ReferenceModel(role, config, localCloseFirst);
        m.process(input);
        return new Result(m.events, m.frames);
    }

    private void fail(int code, String kind) {
        if (open) {
            frames.add("close " + code);
        }
        events.add("Failed(" + code + ", " + kind + ")");
        done = true;
    }

    private void process(byte[] in) {
        int i = 0;
        while (!done && i + 2 <= in.length) {
            int b0 = in[i] & 0xFF;
            int b1 = in[i + 1] & 0xFF;
            int len7 = b1 & 0x7F;
            boolean masked = (b1 & 0x80) != 0;
            int headerLength = 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0) + (masked ? 4 : 0);
            if (i + headerLength > in.length) {
                return; // the header is not complete: nothing happens yet
            }
            long length = len7;
            if (len7 == 126) {
                length = (in[i + 2] & 0xFF) << 8 | (in[i + 3] & 0xFF);
            } else if (len7 == 127) {
                length = 0;
                for (int k = 0; k < 8; k++) {
                    length = length << 8 | (in[i + 2 + k] & 0xFF);
                }
            }
            byte[] key = new byte[4];
            if (masked) {
                System.arraycopy(in, i + headerLength - 4, key, 0, 4);
            }
            boolean fin = (b0 & 0x80) != 0;
            int rsv = (b0 >> 4) & 7;
            int opcode = b0 & 0xF;
            boolean control = opcode >= 8;
            // Section 5.2, 5.5, 5.1 and 10.4, from the header alone.
            if (length < 0 || rsv != 0 || !(opcode <= 2 || (opcode >= 8 && opcode <= 10))
                    || (control && (!fin || length > 125)) || (role == Role.SERVER) != masked) {
                fail(1002, "ProtocolError");
                return;
            }
            if (length > config.maxFramePayload()) {
                fail(1009, "MessageTooBig");
                return;
            }
            // Section 5.4 and 10.4: message rules, for data frames.
            if (!control) {
                if (opcode == OP_CONT) {
                    if (messageOpcode < 0) {
                        fail(1002, "ProtocolError");
                        return;
                    }
                    if (++messageFragments > config.maxFragments()) {
                        fail(1009, "MessageTooBig");
                        return;
                    }
                } else {
                    if (messageOpcode >= 0) {
                        fail(1002, "ProtocolError");
                        return;
                    }
                    messageOpcode = opcode;
                    messageFragments = 1;
                    message.reset();
                }
                if (message.size() + length > config.maxMessageSize()) {
                    fail(1009, "MessageTooBig");
                    return;
                }
            }
            i += headerLength;
            int available = (int) Math.min(length, in.length - i);
            byte[] payload = new byte[available];
            for (int k = 0; k < available; k++) {
                payload[k] = (byte) (in[i + k] ^ key[k & 3]);
            }
            i += available;
            if (!control) {
                message.writeBytes(payload);
                if (messageOpcode == OP_TEXT) {
                    byte[] soFar = message.toByteArray();
                    if (!Utf8Oracle.viable(soFar, soFar.length)) {
                        fail(1007, "InvalidPayload"); // section 8.1: fail fast
                        return;
                    }
                }
            }
            if (available < length) {
                return; // the payload is not complete
            }
            if (control) {
                controlFrame(opcode, payload);
            } else if (fin) {
                byte[] m = message.toByteArray();
                if (messageOpcode == OP_TEXT) {
                    if (!Utf8Oracle.jdkValid(m)) {
                        fail(1007, "InvalidPayload");
                        return;
                    }
                    events.add("Text(" + new String(m, StandardCharsets.UTF_8) + ")");
                } else {
                    events.add("Binary(" + HexFormat.of().formatHex(m) + ")");
                }
                messageOpcode = -1;
                message.reset();
            }
        }
    }

    private void controlFrame(int opcode, byte[] payload) {
        String hex = HexFormat.of().formatHex(payload);
        switch (opcode) {
            case OP_PING -> {
                // RFC 6455 5.5.2: answered until a close is received, so also after ours was sent.
                if (config.autoPong()) {
                    frames.add("pong " + hex);
                }
                events.add("Ping(" + hex + ")");
            }
            case OP_PONG -> events.add("Pong(" + hex + ")");
            case OP_CLOSE -> {
                int code;
                String reason = "";
                if (payload.length == 0) {
                    code = 1005;
                } else if (payload.length == 1) {
                    fail(1002, "ProtocolError");
                    return;
                } else {
                    code = (payload[0] & 0xFF) << 8 | (payload[1] & 0xFF);
                    boolean valid = (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014)
                            || (code >= 3000 && code <= 4999);
                    if (!valid) {
                        fail(1002, "ProtocolError");
                        return;
                    }
                    if (!Utf8Oracle.jdkValid(payload, 2, payload.length)) {
                        fail(1007, "InvalidPayload");
                        return;
                    }
                    reason = new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
                }
                if (open) {
                    frames.add("close " + code);
                }
                events.add("CloseReceived(" + code + ", " + reason + ")");
                events.add("Closed(" + code + ", " + reason + ", clean)");
                done = true;
            }
            default -> throw new AssertionError(opcode);
        }
    }

    /** The engine's events in the model's form. */
    static List<String> normalize(List<Event> events) {
        return events.stream().map(e -> e instanceof Event.Closed c && c.error() != null
                ? "Failed(" + c.code() + ", " + c.error().getClass().getSimpleName() + ")"
                : RecordingListener.render(e)).toList();
    }
}
