package org.autotier.core.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * A recording's decoded 16 kHz audio, kept for slicing by segment once decoding is over: the
 * first {@code inMemorySamples} on the heap, everything after in a temporary file. A 10-hour
 * recording is 1.1 GB of samples; on the heap, with the copies a growing array makes, it took
 * 2-3 GB (docs/reliability.md, "Long recordings"). Not thread-safe: one writer, then readers.
 */
public final class PcmSpool implements AutoCloseable {
    /** Ten minutes: a typical recording never touches the disk. */
    public static final int DEFAULT_IN_MEMORY_SAMPLES = 16_000 * 60 * 10;

    private final int inMemorySamples;
    private final Path tempDir;
    private short[] head = new short[16_000 * 60];
    private int headLength;
    private Path file;
    private FileChannel channel;
    private long length;
    private ByteBuffer buffer = ByteBuffer.allocate(0);

    /** @param tempDir where the temporary file goes when the audio is longer than {@code inMemorySamples} */
    public PcmSpool(int inMemorySamples, Path tempDir) {
        this.inMemorySamples = inMemorySamples;
        this.tempDir = tempDir;
    }

    /** Samples decoded so far. */
    public long length() {
        return length;
    }

    public void append(short[] samples, int n) throws IOException {
        int toHead = (int) Math.max(0, Math.min(n, inMemorySamples - length));
        if (toHead > 0) {
            if (headLength + toHead > head.length) {
                head = Arrays.copyOf(head, Math.min(inMemorySamples, Math.max(head.length * 2, headLength + toHead)));
            }
            System.arraycopy(samples, 0, head, headLength, toHead);
            headLength += toHead;
        }
        if (toHead < n) {
            if (channel == null) {
                open();
            }
            ByteBuffer b = buffer(n - toHead);
            b.asShortBuffer().put(samples, toHead, n - toHead);
            b.limit((n - toHead) * 2);
            while (b.hasRemaining()) {
                channel.write(b);
            }
        }
        length += n;
    }

    private void open() throws IOException {
        try {
            Files.createDirectories(tempDir);
            file = Files.createTempFile(tempDir, "autotier-audio-", ".pcm");
            channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE,
                    StandardOpenOption.DELETE_ON_CLOSE);
        } catch (IOException e) {
            throw new IOException("a recording longer than " + inMemorySamples / 16_000 / 60 + " minutes keeps its "
                    + "decoded audio in a temporary file, which could not be created in " + tempDir + ": " + e, e);
        }
    }

    private ByteBuffer buffer(int samples) {
        if (buffer.capacity() < samples * 2) {
            buffer = ByteBuffer.allocate(samples * 2).order(ByteOrder.LITTLE_ENDIAN);
        }
        buffer.clear();
        return buffer;
    }

    /** Samples {@code [from, to)}, clipped to what was decoded. */
    public short[] slice(long from, long to) throws IOException {
        from = Math.max(0, Math.min(from, length));
        to = Math.max(from, Math.min(to, length));
        short[] out = new short[(int) (to - from)];
        int fromHead = (int) Math.max(0, Math.min(to, headLength) - from);
        if (fromHead > 0) {
            System.arraycopy(head, (int) from, out, 0, fromHead);
        }
        if (fromHead < out.length) {
            long fileFrom = Math.max(from, headLength) - headLength;
            ByteBuffer b = ByteBuffer.allocate((out.length - fromHead) * 2).order(ByteOrder.LITTLE_ENDIAN);
            long at = fileFrom * 2;
            while (b.hasRemaining()) {
                if (channel.read(b, at + b.position()) < 0) {
                    throw new IOException("the temporary audio file " + file + " ended early");
                }
            }
            b.flip();
            b.asShortBuffer().get(out, fromHead, out.length - fromHead);
        }
        return out;
    }

    /** Deletes the temporary file (on Linux and macOS it has no name from the start: a crash leaves nothing). */
    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }
}
