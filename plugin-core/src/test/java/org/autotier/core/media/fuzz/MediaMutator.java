package org.autotier.core.media.fuzz;

import java.util.Arrays;
import java.util.Random;

/**
 * Damages a recording's bytes the ways files are damaged in practice: bits flipped on a disk,
 * a copy cut short, a stretch overwritten (a bad sector, a partial download), or the container's
 * header garbled. Deterministic for a given Random.
 */
public final class MediaMutator {
    private MediaMutator() {
    }

    public enum Kind { FLIP_BYTES, TRUNCATE, REPLACE_CHUNK, DAMAGE_HEADER, DUPLICATE_CHUNK }

    /** A damaged copy of {@code original} (never the same array); {@code kind} says how. */
    public static byte[] mutate(byte[] original, Kind kind, Random r) {
        byte[] b = original.clone();
        int n = b.length;
        if (n == 0) {
            return b;
        }
        switch (kind) {
            case FLIP_BYTES -> {
                int flips = 1 + r.nextInt(Math.max(1, n / 500));
                for (int i = 0; i < flips; i++) {
                    b[r.nextInt(n)] ^= (byte) (1 << r.nextInt(8));
                }
            }
            case TRUNCATE -> {
                return Arrays.copyOf(b, r.nextInt(n));
            }
            case REPLACE_CHUNK -> {
                int len = 1 + r.nextInt(Math.max(1, n / 8));
                int at = r.nextInt(n);
                boolean zeros = r.nextBoolean();
                for (int i = at; i < Math.min(n, at + len); i++) {
                    b[i] = zeros ? 0 : (byte) r.nextInt(256);
                }
            }
            case DAMAGE_HEADER -> {
                int head = Math.min(n, 256);
                for (int i = 0; i < 1 + r.nextInt(8); i++) {
                    int at = r.nextInt(head);
                    b[at] = r.nextInt(4) == 0 ? (byte) 0xFF : (byte) r.nextInt(256);
                }
            }
            case DUPLICATE_CHUNK -> {
                int len = 1 + r.nextInt(Math.max(1, n / 8));
                int from = r.nextInt(n);
                int to = r.nextInt(n);
                byte[] out = new byte[n + Math.min(len, n - from)];
                System.arraycopy(b, 0, out, 0, to);
                System.arraycopy(b, from, out, to, Math.min(len, n - from));
                System.arraycopy(b, to, out, to + Math.min(len, n - from), n - to);
                return out;
            }
        }
        return b;
    }
}
