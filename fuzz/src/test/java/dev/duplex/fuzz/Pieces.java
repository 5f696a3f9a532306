package dev.duplex.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Cuts an input into pieces the way a network might deliver it: a seeded, repeatable sequence of piece
 * lengths, including empty reads, single bytes and large runs. The same seed always gives the same cuts.
 */
final class Pieces {
    private Pieces() {
    }

    /** Cut points {@code 0 = c0 <= c1 <= ... <= cn = length}; consecutive equal points are empty reads. */
    static int[] cuts(int length, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        // The largest piece: byte by byte, small pieces, medium pieces, or anything up to the whole input.
        int maxPiece = switch (random.nextInt(4)) {
            case 0 -> 1;
            case 1 -> 4;
            case 2 -> 32;
            default -> Math.max(1, length);
        };
        List<Integer> points = new ArrayList<>();
        points.add(0);
        int at = 0;
        while (at < length) {
            int piece = random.nextInt(8) == 0 ? 0 : 1 + random.nextInt(maxPiece);
            at = Math.min(length, at + piece);
            points.add(at);
        }
        if (points.size() == 1) {
            points.add(0); // an empty input is still one (empty) read
        }
        return points.stream().mapToInt(Integer::intValue).toArray();
    }

    /** A seed mixed from the bytes of an input, for targets whose whole input is the data under test. */
    static long seedOf(byte[] data) {
        long h = 0x9E3779B97F4A7C15L;
        for (byte b : data) {
            h = (h ^ (b & 0xFF)) * 0x100000001B3L;
        }
        return h;
    }
}
