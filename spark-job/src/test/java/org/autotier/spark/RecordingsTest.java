package org.autotier.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the driver lists a corpus: folders, manifests, names under eaf/, and what it refuses. */
class RecordingsTest {
    @TempDir
    Path dir;

    private List<RecordingTask> list(String... inputs) throws IOException {
        return Recordings.list(List.of(inputs), new Configuration());
    }

    private Path touch(String name) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        return Files.write(p, new byte[] {1});
    }

    @Test
    void aFolderGivesItsRecordingsByTheirPathInsideItAndSkipsOtherAndHiddenFiles() throws IOException {
        touch("corpus/child 01/a.mp4");
        touch("corpus/child 02/a.mp4");
        touch("corpus/notes.txt");
        touch("corpus/._a.mp4");
        touch("corpus/.cache/b.wav");
        List<RecordingTask> t = list(dir.resolve("corpus").toString());
        assertEquals(List.of("child 01/a.mp4", "child 02/a.mp4"), t.stream().map(RecordingTask::recording).toList());
        assertEquals(List.of("child 01/a.eaf", "child 02/a.eaf"), t.stream().map(RecordingTask::eafName).toList());
    }

    @Test
    void aCsvManifestNamesRecordingsRelativeToItsFolderOrWholeWhenOutside() throws IOException {
        touch("m/session 1/x.wav");
        Path outside = touch("elsewhere/y.mp4");
        Files.writeString(dir.resolve("m/list.csv"), "id,\"Path\",note\n1,\"session 1/x.wav\",\"a, b\"\n# comment\n\n2,"
                + outside + ",\"say \"\"hi\"\"\"\n");
        List<RecordingTask> t = list(dir.resolve("m/list.csv").toString());
        assertEquals("session 1/x.wav", t.get(0).recording());
        assertEquals(outside.toString().substring(1), t.get(1).recording());
        assertEquals(outside.toString().substring(1).replace(".mp4", ".eaf"), t.get(1).eafName());
    }

    @Test
    void aTextManifestHasOnePathPerLine() throws IOException {
        touch("a.wav");
        touch("b.flac");
        Files.writeString(dir.resolve("list.txt"), "a.wav\n  b.flac  \n");
        assertEquals(List.of("a.wav", "b.flac"), list(dir.resolve("list.txt").toString()).stream()
                .map(RecordingTask::recording).toList());
    }

    @Test
    void recordingsListedTwiceAreDoneOnce() throws IOException {
        Path a = touch("c/a.wav");
        assertEquals(1, list(dir.resolve("c").toString(), a.toString()).size());
    }

    @Test
    void whatIsRefusedSaysWhichFileAndWhy() throws IOException {
        touch("d/a.wav");
        touch("d/a.mp4");
        IOException same = assertThrows(IOException.class, () -> list(dir.resolve("d").toString()));
        assertTrue(same.getMessage().contains("the same EAF eaf/a.eaf"), same.getMessage());

        Files.writeString(dir.resolve("nopath.csv"), "file,label\nx.wav,angry\n");
        IOException column = assertThrows(IOException.class, () -> list(dir.resolve("nopath.csv").toString()));
        assertTrue(column.getMessage().contains("nopath.csv: the first line names no column 'path'"), column.getMessage());

        Files.writeString(dir.resolve("missing.txt"), "gone.wav\n");
        IOException missing = assertThrows(IOException.class, () -> list(dir.resolve("missing.txt").toString()));
        assertTrue(missing.getMessage().contains("missing.txt, line 1: gone.wav: no such file"), missing.getMessage());

        touch("e/readme.md");
        IOException neither = assertThrows(IOException.class, () -> list(dir.resolve("e/readme.md").toString()));
        assertTrue(neither.getMessage().contains("readme.md: neither a recording"), neither.getMessage());

        Files.createDirectories(dir.resolve("empty"));
        IOException none = assertThrows(IOException.class, () -> list(dir.resolve("empty").toString()));
        assertTrue(none.getMessage().startsWith("no recordings found in"), none.getMessage());
    }
}
