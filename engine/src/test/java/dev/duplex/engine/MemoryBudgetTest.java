package dev.duplex.engine;

import dev.duplex.engine.frame.Opcode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A memory budget shared by engines bounds the sum of their half-received messages (RFC 6455 section 10.4). */
class MemoryBudgetTest {

    @Test
    @DisplayName("10.4: engines sharing a budget: the one that cannot grow its message closes with 1013; memory comes back")
    void sharedBudget() {
        MemoryBudget budget = MemoryBudget.of(64 * 1024);
        EngineConfig config = EngineConfig.builder().memoryBudget(budget).build();
        EngineHarness first = EngineHarness.of(Role.SERVER, config);
        EngineHarness second = EngineHarness.of(Role.SERVER, config);

        // The first connection holds 40 KiB of an unfinished message.
        first.feed(first.peer.frame(false, Opcode.BINARY, Frames.pattern(40 * 1024)));
        assertThat(first.events()).isEmpty();
        assertThat(budget.reserved()).isGreaterThanOrEqualTo(40 * 1024);

        // The second cannot get 40 KiB more from the 64 KiB budget.
        second.feed(second.peer.frame(false, Opcode.BINARY, Frames.pattern(40 * 1024)));
        second.assertFailed(1013);
        assertThat(first.engine.state()).isEqualTo(WebSocketEngine.State.OPEN);

        // The first finishes its message: the memory goes to the application and back to the budget.
        first.feed(first.peer.frame(true, Opcode.CONTINUATION, Frames.pattern(10)));
        assertThat(first.events()).singleElement().asString().startsWith("Binary(");
        assertThat(budget.reserved()).isZero();

        // A new connection can use the budget again.
        EngineHarness third = EngineHarness.of(Role.SERVER, config);
        third.feed(third.peer.binary(Frames.pattern(50 * 1024)));
        assertThat(third.events()).singleElement().asString().startsWith("Binary(");
        assertThat(budget.reserved()).isZero();
    }

    @Test
    @DisplayName("A failed or dropped connection gives its memory back")
    void releasedOnFailureAndDrop() {
        MemoryBudget budget = MemoryBudget.of(1 << 20);
        EngineConfig config = EngineConfig.builder().memoryBudget(budget).build();
        EngineHarness h = EngineHarness.of(Role.SERVER, config);
        h.feed(h.peer.frame(false, Opcode.TEXT, Frames.utf8("x".repeat(5000))));
        assertThat(budget.reserved()).isPositive();
        h.engine.transportClosed();
        assertThat(budget.reserved()).isZero();

        EngineHarness g = EngineHarness.of(Role.SERVER, config);
        g.feed(g.peer.frame(false, Opcode.TEXT, Frames.utf8("x".repeat(5000))), g.peer.frame(true, Opcode.CONTINUATION, Frames.hex("ff")));
        g.assertFailed(1007);
        assertThat(budget.reserved()).isZero();
    }
}
