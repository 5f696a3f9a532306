package dev.duplex.fuzz;

import dev.duplex.engine.EngineConfig;
import dev.duplex.engine.MemoryBudget;
import dev.duplex.engine.Role;

import java.util.Arrays;

/**
 * How {@link EngineFuzzTest} reads its input: two control bytes, then the bytes the peer sends.
 * <pre>
 * byte 0, bit 0    role of the engine: 0 = SERVER (peer frames must be masked), 1 = CLIENT
 *         bit 1    streamIncoming (messages arrive as Fragment events)
 *         bit 2    autoPong off
 *         bits 3-4 limits: 0 = 64 KiB messages and frames; 1 = 1000-byte messages of 300-byte frames;
 *                  2 = 125-byte messages of at most 3 frames; 3 = 64 KiB messages of 200-byte frames, at most 8,
 *                  drawing from a memory budget of 1500 bytes (a message that needs more fails with 1013)
 *         bits 5-6 input buffer shape ({@link Buffers})
 *         bit 7    the application calls close(1000, ...) after the first part of the input
 * byte 1           seed of the split points, and where the first part ends (byte 1 / 255 of the wire bytes)
 * bytes 2..        the wire: what the peer sends
 * </pre>
 */
record EngineScenario(Role role, EngineConfig config, Buffers buffers, boolean localClose, int cut, long seed,
                      byte[] wire) {

    static final int HEADER = 2;
    /** The memory budget of limit set 3: the first 1024-byte message buffer fits, a doubled one does not. */
    static final long TIGHT_BUDGET = 1500;

    /** Whether messages may fail with 1013 when the budget is spent (which depends on how input was split). */
    boolean tightBudget() {
        return config.memoryBudget().limit() == TIGHT_BUDGET;
    }

    static EngineScenario decode(byte[] data) {
        int flags = data[0] & 0xFF;
        int seedByte = data[1] & 0xFF;
        byte[] wire = Arrays.copyOfRange(data, HEADER, data.length);
        Role role = (flags & 1) == 0 ? Role.SERVER : Role.CLIENT;
        EngineConfig.Builder config = switch ((flags >>> 3) & 3) {
            case 0 -> EngineConfig.builder().maxMessageSize(64 * 1024);
            case 1 -> EngineConfig.builder().maxMessageSize(1000).maxFramePayload(300);
            case 2 -> EngineConfig.builder().maxMessageSize(125).maxFragments(3);
            default -> EngineConfig.builder().maxMessageSize(64 * 1024).maxFramePayload(200).maxFragments(8)
                    .memoryBudget(MemoryBudget.of(TIGHT_BUDGET));
        };
        config.streamIncoming((flags & 2) != 0).autoPong((flags & 4) == 0);
        boolean localClose = (flags & 0x80) != 0;
        int cut = localClose ? (int) ((long) wire.length * seedByte / 255) : wire.length;
        return new EngineScenario(role, config.build(), Buffers.of(flags >>> 5), localClose, cut,
                seedByte * 0x9E3779B97F4A7C15L + wire.length, wire);
    }

    /** The control byte for these settings; the inverse of {@link #decode} for seed files. */
    static int flags(Role role, boolean stream, boolean autoPong, int limits, Buffers buffers, boolean localClose) {
        return (role == Role.CLIENT ? 1 : 0) | (stream ? 2 : 0) | (autoPong ? 0 : 4) | (limits & 3) << 3
                | buffers.ordinal() << 5 | (localClose ? 0x80 : 0);
    }

    @Override
    public String toString() {
        return "EngineScenario[" + role + ", " + config + ", " + buffers + (localClose ? ", close at " + cut : "")
                + ", " + wire.length + " wire bytes]";
    }
}
