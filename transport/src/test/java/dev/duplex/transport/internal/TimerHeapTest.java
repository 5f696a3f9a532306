package dev.duplex.transport.internal;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The loop's timer queue: entries come out in due-time order whatever sequence of adds, moves and removals came
 * before; a removed entry never comes out; an entry is queued at most once and knows whether it is.
 */
class TimerHeapTest {

    private static final class Entry extends LoopTimer {
        final int id;

        Entry(int id) {
            super(0);
            this.id = id;
        }

        @Override
        protected void fire() {
        }
    }

    @Test
    void randomOperationsAgreeWithASortedReference() {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            TimerHeap heap = new TimerHeap();
            List<Entry> all = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                all.add(new Entry(i));
            }
            List<Entry> queued = new ArrayList<>();
            for (int op = 0; op < 2_000; op++) {
                Entry e = all.get(random.nextInt(all.size()));
                switch (random.nextInt(4)) {
                    case 0, 1 -> { // add, or move when queued (earlier or later)
                        heap.schedule(e, random.nextInt(1_000));
                        if (!queued.contains(e)) {
                            queued.add(e);
                        }
                    }
                    case 2 -> {
                        heap.remove(e);
                        queued.remove(e);
                    }
                    default -> {
                        LoopTimer first = heap.poll();
                        if (queued.isEmpty()) {
                            assertThat(first).isNull();
                        } else {
                            long min = queued.stream().mapToLong(LoopTimer::at).min().orElseThrow();
                            assertThat(first.at()).isEqualTo(min);
                            assertThat(first.isQueued()).isFalse();
                            queued.remove(first);
                        }
                    }
                }
                assertThat(heap.size()).isEqualTo(queued.size());
                assertThat(e.isQueued()).isEqualTo(queued.contains(e));
            }
            queued.sort(Comparator.comparingLong(LoopTimer::at));
            for (Entry expected : queued) {
                LoopTimer got = heap.poll();
                assertThat(got.at()).isEqualTo(expected.at());
            }
            assertThat(heap.poll()).isNull();
        }
    }

    @Test
    void dueTimesAreComparedAcrossNanoTimeWrapAround() {
        TimerHeap heap = new TimerHeap();
        Entry late = new Entry(1);
        Entry early = new Entry(2);
        heap.schedule(late, Long.MIN_VALUE + 10); // just after the wrap
        heap.schedule(early, Long.MAX_VALUE - 10); // just before it
        assertThat(heap.poll()).isSameAs(early);
        assertThat(heap.poll()).isSameAs(late);
    }

    @Test
    void removingEveryEntryShrinksTheQueueToEmpty() {
        TimerHeap heap = new TimerHeap();
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            Entry e = new Entry(i);
            entries.add(e);
            heap.schedule(e, i * 7919L % 10_007);
        }
        for (Entry e : entries) {
            heap.remove(e);
            assertThat(e.isQueued()).isFalse();
        }
        assertThat(heap.size()).isZero();
        assertThat(heap.peek()).isNull();
    }
}
