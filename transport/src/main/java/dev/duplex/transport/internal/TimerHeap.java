package dev.duplex.transport.internal;

import java.util.Arrays;

/**
 * An event loop's timers: a binary min-heap ordered by due time (compared as {@code a - b} so that
 * {@link System#nanoTime()} wrap-around is harmless), in which every entry records its own index. Adding,
 * removing, moving an entry and taking the earliest are O(log n); peeking is O(1). Loop thread only.
 */
final class TimerHeap {
    private LoopTimer[] heap = new LoopTimer[64];
    private int size;

    int size() {
        return size;
    }

    /** The earliest entry, or null. */
    LoopTimer peek() {
        return size == 0 ? null : heap[0];
    }

    /** Queues {@code t}, due at {@code at}, or moves it there when it is already queued. */
    void schedule(LoopTimer t, long at) {
        if (t.heapIndex >= 0) {
            long was = t.at;
            t.at = at;
            if (at - was < 0) {
                siftUp(t.heapIndex, t);
            } else {
                siftDown(t.heapIndex, t);
            }
            return;
        }
        t.at = at;
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        siftUp(size++, t);
    }

    /** Removes and returns the earliest entry, or null. */
    LoopTimer poll() {
        if (size == 0) {
            return null;
        }
        LoopTimer first = heap[0];
        removeAt(0);
        return first;
    }

    /** Takes {@code t} out of the queue if it is queued. */
    void remove(LoopTimer t) {
        int i = t.heapIndex;
        if (i >= 0 && i < size && heap[i] == t) {
            removeAt(i);
        }
    }

    private void removeAt(int i) {
        LoopTimer gone = heap[i];
        gone.heapIndex = -1;
        int last = --size;
        LoopTimer moved = heap[last];
        heap[last] = null;
        if (i != last) {
            siftDown(i, moved);
            if (heap[i] == moved) {
                siftUp(i, moved);
            }
        }
        if (heap.length > 64 && size < heap.length / 4) {
            heap = Arrays.copyOf(heap, heap.length / 2);
        }
    }

    private void siftUp(int i, LoopTimer t) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            LoopTimer p = heap[parent];
            if (t.at - p.at >= 0) {
                break;
            }
            heap[i] = p;
            p.heapIndex = i;
            i = parent;
        }
        heap[i] = t;
        t.heapIndex = i;
    }

    private void siftDown(int i, LoopTimer t) {
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            LoopTimer c = heap[child];
            int right = child + 1;
            if (right < size && heap[right].at - c.at < 0) {
                child = right;
                c = heap[right];
            }
            if (t.at - c.at <= 0) {
                break;
            }
            heap[i] = c;
            c.heapIndex = i;
            i = child;
        }
        heap[i] = t;
        t.heapIndex = i;
    }
}
