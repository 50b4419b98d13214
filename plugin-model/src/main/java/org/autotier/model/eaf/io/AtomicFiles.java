package org.autotier.model.eaf.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes files so that a crash, a kill or a full disk at any moment leaves either the old file or
 * the new one, never a torn one: the content goes to a temporary file beside the target, is
 * forced to disk, and is then renamed over the target in one atomic step.
 */
public final class AtomicFiles {

    /** Writes the content of a file to a stream. */
    @FunctionalInterface
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private AtomicFiles() {
    }

    private static void copyPermissions(Path from, Path to) {
        try {
            if (Files.exists(from)) {
                Files.setPosixFilePermissions(to, Files.getPosixFilePermissions(from));
            }
        } catch (UnsupportedOperationException | IOException ignored) {
            // not a POSIX file system: the new file keeps its default permissions
        }
    }

    /** The backup path kept beside {@code target}: {@code NAME.bak}. */
    public static Path backupOf(Path target) {
        return target.resolveSibling(target.getFileName() + ".bak");
    }

    /**
     * Replaces {@code target} atomically with what {@code body} writes.
     *
     * @param keepBackup whether an existing target is first preserved as {@code NAME.bak}
     */
    public static void write(Path target, boolean keepBackup, Body body) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new IOException(abs + ": the folder " + dir + " does not exist");
        }
        // not createTempFile: that makes the file owner-only (0600); a plain create honours the
        // user's umask, and an existing file's permissions are carried over below
        Path tmp = dir.resolve("." + abs.getFileName() + "." + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".tmp");
        Files.createFile(tmp);
        copyPermissions(abs, tmp);
        boolean done = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                    OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16)) {
                body.writeTo(out);
                out.flush();
                ch.force(true);
            }
            if (keepBackup && Files.exists(abs)) {
                preserve(abs, backupOf(abs));
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /** Makes {@code backup} a copy of {@code file} without ever leaving {@code backup} half written. */
    private static void preserve(Path file, Path backup) throws IOException {
        Path tmp = backup.resolveSibling("." + backup.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createLink(tmp, file); // cheap and instant where the file system allows it
        } catch (UnsupportedOperationException | FileAlreadyExistsException | SecurityException e) {
            Files.copy(file, tmp, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            Files.copy(file, tmp, StandardCopyOption.REPLACE_EXISTING);
        }
        try {
            Files.move(tmp, backup, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, backup, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Says why a write failed in the user's words, and that nothing was lost: {@link #write} never
     * leaves a torn file, so after any failure the previous file is as it was.
     */
    public static String describeWriteFailure(IOException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        String why;
        if (m.contains("No space left on device")) {
            why = "the disk is full";
        } else if (m.contains("File too large") || m.contains("Disk quota exceeded")) {
            why = "a file size limit or quota refuses it";
        } else if (m.contains("Read-only file system")) {
            why = "the folder is on a read-only file system";
        } else if (e instanceof java.nio.file.AccessDeniedException || m.contains("Permission denied")) {
            why = "permission denied";
        } else {
            return m;
        }
        return why + " (" + m + "); any previous version of the file is unchanged";
    }

    /**
     * Fails unless a file can be created in {@code folder}, by creating and deleting one: a
     * read-only mount, a full disk or missing permissions are found before hours of work, not at
     * the end. (Files.isWritable is not enough: it says yes to root on a read-only mount.)
     */
    public static void checkWritable(Path folder) throws IOException {
        Path dir = folder.toAbsolutePath();
        if (!Files.isDirectory(dir)) {
            throw new IOException("cannot write in " + dir + ": the folder does not exist");
        }
        Path probe = dir.resolve(".autotier-write-check." + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".tmp");
        try {
            Files.write(probe, new byte[] {'x'});
        } catch (IOException e) {
            throw new IOException("cannot write in " + dir + ": " + describeWriteFailure(e), e);
        } finally {
            Files.deleteIfExists(probe);
        }
    }
}
