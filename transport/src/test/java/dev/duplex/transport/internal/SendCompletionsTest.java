package dev.duplex.transport.internal;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

class SendCompletionsTest {

    @Test
    void completesInOrderAsBytesAreWrittenAndFailsTheRest() {
        SendCompletions completions = new SendCompletions();
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            CompletableFuture<Void> f = new CompletableFuture<>();
            futures.add(f);
            completions.add(i * 10L, f);
        }
        completions.completeUpTo(255);
        assertThat(futures.subList(0, 25)).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        assertThat(futures.get(25)).isNotDone();
        completions.failAll(new IOException("closed"));
        assertThat(futures.subList(25, 100)).allMatch(CompletableFuture::isCompletedExceptionally);
        assertThat(completions.size()).isZero();
    }

    @Test
    void wrapsAroundWithoutLosingOrder() {
        SendCompletions completions = new SendCompletions();
        long end = 0;
        List<CompletableFuture<Void>> open = new ArrayList<>();
        for (int round = 0; round < 50; round++) {
            for (int i = 0; i < 3; i++) {
                CompletableFuture<Void> f = new CompletableFuture<>();
                completions.add(++end, f);
                open.add(f);
            }
            completions.completeUpTo(end - 1);
            assertThat(open.subList(0, open.size() - 1)).allMatch(CompletableFuture::isDone);
            assertThat(open.get(open.size() - 1)).isNotDone();
        }
        assertThat(completions.size()).isEqualTo(1);
    }
}
