// A labelled corpus as another recording situation would give it (docs/model-card.md, "Under
// shifted recording conditions"): every WAV under IN whose path (relative to IN) matches REGEX is
// passed through one of the shifts below, with autotier's own augmentation operations, and written
// with the same relative path under OUT, so `evaluate --layout ravdess|emodb` reads OUT as it reads IN.
// The randomness (noise, the room's impulse response) is seeded by the file's name: the same
// command writes the same files.
//   child   speed 1.3: pitch and formants 30% higher (an adult voice moved towards a child's), tempo 30% faster
//   phone   300-3,400 Hz with -3 dB/octave tilt, then Opus at 12 kbps
//   noisy   pink noise at 10 dB SNR
//   room    reverberation, RT60 0.8 s
//   far     a far camera: reverberation RT60 0.5 s, 300-7,000 Hz, white noise at 15 dB SNR, 20 dB quieter
// Usage (from the project root, after `mvn -o -q -pl plugin-core compile` and
// `mvn -q -pl plugin-core dependency:build-classpath -Dmdep.outputFile=target/cp.txt`):
//   java -cp plugin-core/target/classes:$(cat plugin-core/target/cp.txt) \
//        benchmarks/scripts/ShiftedCorpus.java SHIFT IN OUT [REGEX]
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.autotier.core.augment.AudioAugmentation;

public class ShiftedCorpus {
    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: ShiftedCorpus child|phone|noisy|room|far IN OUT [REGEX]");
            System.exit(2);
        }
        String shift = args[0];
        Path in = Path.of(args[1]);
        Path out = Path.of(args[2]);
        Pattern keep = Pattern.compile(args.length > 3 ? args[3] : ".*");
        List<Path> files;
        try (Stream<Path> s = Files.walk(in)) {
            files = s.filter(p -> p.toString().toLowerCase().endsWith(".wav"))
                    .filter(p -> keep.matcher(in.relativize(p).toString()).find()).sorted().toList();
        }
        for (Path f : files) {
            float[] x = read(f);
            Random r = new Random(f.getFileName().toString().hashCode());
            float[] y = switch (shift) {
                case "child" -> AudioAugmentation.speed(x, 1.3);
                case "phone" -> AudioAugmentation.codec(AudioAugmentation.equalize(x, 300, 3400, -3),
                        AudioAugmentation.Codec.OPUS, 12);
                case "noisy" -> AudioAugmentation.noise(x, 10, true, r);
                case "room" -> AudioAugmentation.reverb(x, 0.8, r);
                case "far" -> AudioAugmentation.gain(AudioAugmentation.noise(AudioAugmentation.equalize(
                        AudioAugmentation.reverb(x, 0.5, r), 300, 7000, 0), 15, false, r), -20);
                default -> throw new IllegalArgumentException("unknown shift " + shift);
            };
            Path target = out.resolve(in.relativize(f).toString());
            Files.createDirectories(target.getParent());
            write(y, target);
        }
        System.err.printf("%s: %d files written to %s%n", shift, files.size(), out);
    }

    static float[] read(Path f) throws Exception {
        try (AudioInputStream a = AudioSystem.getAudioInputStream(f.toFile())) {
            AudioFormat fmt = a.getFormat();
            if (fmt.getSampleRate() != AudioAugmentation.RATE || fmt.getChannels() != 1 || fmt.getSampleSizeInBits() != 16) {
                throw new IOException(f + ": expected 16 kHz mono 16-bit PCM, found " + fmt);
            }
            byte[] b = a.readAllBytes();
            ByteBuffer bb = ByteBuffer.wrap(b).order(fmt.isBigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            short[] s = new short[b.length / 2];
            bb.asShortBuffer().get(s);
            return AudioAugmentation.toFloat(s, s.length);
        }
    }

    static void write(float[] y, Path target) throws IOException {
        short[] s = AudioAugmentation.toShort(y);
        ByteBuffer bb = ByteBuffer.allocate(2 * s.length).order(ByteOrder.LITTLE_ENDIAN);
        bb.asShortBuffer().put(s);
        AudioFormat fmt = new AudioFormat(AudioAugmentation.RATE, 16, 1, true, false);
        try (AudioInputStream a = new AudioInputStream(new ByteArrayInputStream(bb.array()), fmt, s.length)) {
            AudioSystem.write(a, AudioFileFormat.Type.WAVE, target.toFile());
        }
    }
}
