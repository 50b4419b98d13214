package org.autotier.core.media.fuzz;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.autotier.core.testing.MediaFixtures;

/** The seed recordings of media fuzzing: 1.5 s in each container users record in, made here. */
public final class FuzzSeeds {
    private FuzzSeeds() {
    }

    public static List<Path> write(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        out.add(MediaFixtures.container(dir.resolve("seed.mp4"), "mpeg4", "aac", 16_000, 1.5, 160, 120));
        out.add(MediaFixtures.container(dir.resolve("seed.mkv"), "mpeg4", "flac", 16_000, 1.5, 160, 120));
        out.add(MediaFixtures.container(dir.resolve("seed.webm"), "libvpx", "libopus", 48_000, 1.5, 160, 120));
        out.add(MediaFixtures.container(dir.resolve("seed.mpg"), "mpeg1video", "mp2", 16_000, 1.5, 160, 120));
        out.add(MediaFixtures.container(dir.resolve("seed.wav"), "", "pcm_s16le", 16_000, 1.5, 0, 0));
        out.add(MediaFixtures.container(dir.resolve("seed.mp3"), "", "libmp3lame", 44_100, 1.5, 0, 0));
        return out;
    }
}
