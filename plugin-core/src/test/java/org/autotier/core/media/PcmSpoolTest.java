package org.autotier.core.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audio spool gives back exactly what was appended, across the memory/file boundary. */
class PcmSpoolTest {
    @TempDir
    Path tmp;

    @Test
    void slicesAnywhereEqualTheAppendedSamplesAndTheFileGoesAwayOnClose() throws IOException {
        Random r = new Random(7);
        short[] all = new short[50_000];
        for (int i = 0; i < all.length; i++) {
            all[i] = (short) r.nextInt();
        }
        try (PcmSpool spool = new PcmSpool(12_345, tmp)) {
            for (int at = 0; at < all.length; ) {
                int n = Math.min(all.length - at, 1 + r.nextInt(4_000));
                short[] chunk = new short[n + 10]; // decoders hand over buffers longer than their content
                System.arraycopy(all, at, chunk, 0, n);
                spool.append(chunk, n);
                at += n;
            }
            assertEquals(all.length, spool.length());
            for (int k = 0; k < 300; k++) {
                int from = r.nextInt(all.length);
                int to = from + r.nextInt(all.length - from + 1);
                assertArrayEquals(Arrays.copyOfRange(all, from, to), spool.slice(from, to), from + ".." + to);
            }
            assertArrayEquals(Arrays.copyOfRange(all, 12_000, 13_000), spool.slice(12_000, 13_000), "across the boundary");
            assertArrayEquals(Arrays.copyOfRange(all, 49_000, 50_000), spool.slice(49_000, 60_000), "clipped at the end");
            assertEquals(0, spool.slice(70_000, 80_000).length);
        }
        try (var files = Files.list(tmp)) {
            assertEquals(0, files.count(), "closing deletes the temporary file");
        }
    }

    @Test
    void aShortRecordingNeverTouchesTheDisk() throws IOException {
        try (PcmSpool spool = new PcmSpool(PcmSpool.DEFAULT_IN_MEMORY_SAMPLES, tmp.resolve("never"))) {
            spool.append(new short[] {1, 2, 3}, 3);
            assertArrayEquals(new short[] {2, 3}, spool.slice(1, 3));
        }
        assertTrue(Files.notExists(tmp.resolve("never")));
    }

    @Test
    void aTemporaryFolderThatTakesNoFileIsNamed() {
        Path notAFolder = tmp.resolve("file");
        IOException e = assertThrows(IOException.class, () -> {
            Files.writeString(notAFolder, "x");
            try (PcmSpool spool = new PcmSpool(2, notAFolder)) {
                spool.append(new short[] {1, 2, 3}, 3);
            }
        });
        assertTrue(e.getMessage().contains(notAFolder.toString()) && e.getMessage().contains("temporary file"),
                e.getMessage());
    }
}
