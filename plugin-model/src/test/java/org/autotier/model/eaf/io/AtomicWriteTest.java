package org.autotier.model.eaf.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.autotier.model.eaf.EafDocument;
import org.autotier.model.eaf.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicWriteTest {

    @TempDir
    Path tmp;

    @Test
    void previousVersionIsKeptAsBak() throws Exception {
        EafDocument doc = TestData.fixture("everything-3.0.eaf");
        Path f = tmp.resolve("doc.eaf");
        Files.writeString(f, "old");
        EafWriter.write(doc, f);
        assertEquals("old", Files.readString(AtomicFiles.backupOf(f)));
        assertEquals(doc, EafReader.read(f));
        EafWriter.write(doc, f);
        assertEquals(doc, EafReader.read(AtomicFiles.backupOf(f)), "the backup follows the last good file");
    }

    @Test
    void failureHalfwayLeavesTheOldFileUntouched() throws Exception {
        Path f = Files.writeString(tmp.resolve("data.txt"), "precious");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(f, true, out -> {
            out.write("half of the new con".getBytes());
            throw new IOException("No space left on device");
        }));
        assertEquals("No space left on device", e.getMessage());
        assertEquals("precious", Files.readString(f));
        try (var s = Files.list(tmp)) {
            assertEquals(1, s.count(), "neither temp file nor backup remains after a failed write");
        }
    }

    @Test
    void permissionsOfTheReplacedFileAreKept() throws Exception {
        Path f = Files.writeString(tmp.resolve("shared.eaf"), "old");
        var perms = java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-r--");
        Files.setPosixFilePermissions(f, perms);
        AtomicFiles.write(f, true, out -> out.write("new".getBytes()));
        assertEquals(perms, Files.getPosixFilePermissions(f), "the lab's group keeps access to the file");
        Path fresh = tmp.resolve("fresh.eaf");
        AtomicFiles.write(fresh, false, out -> out.write("x".getBytes()));
        assertTrue(Files.getPosixFilePermissions(fresh).contains(java.nio.file.attribute.PosixFilePermission.OWNER_READ));
        assertTrue(!Files.getPosixFilePermissions(fresh).equals(
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"))
                || umaskIsPrivate(), "a new file is not made owner-only behind the user's back");
    }

    private static boolean umaskIsPrivate() throws java.io.IOException {
        Path probe = java.nio.file.Files.createTempDirectory("umask").resolve("probe");
        java.nio.file.Files.createFile(probe);
        return java.nio.file.Files.getPosixFilePermissions(probe).equals(
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void missingFolderIsNamed() {
        IOException e = assertThrows(IOException.class,
                () -> AtomicFiles.write(tmp.resolve("no/such/dir/x.eaf"), true, out -> { }));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }
}
