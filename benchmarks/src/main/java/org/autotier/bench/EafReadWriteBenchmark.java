package org.autotier.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import org.autotier.model.eaf.EafDocument;
import org.autotier.model.eaf.io.EafReader;
import org.autotier.model.eaf.io.EafVersion;
import org.autotier.model.eaf.io.EafWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Warm read and write of an EAF file, by default ../shared/data/eaf/pympi/sample_3.0.eaf (2.4 MB,
 * 8,778 annotations). Override with -Dautotier.bench.eaf=FILE.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class EafReadWriteBenchmark {

    private byte[] bytes;
    private EafDocument doc;

    @Setup
    public void load() throws Exception {
        Path file = Paths.get(System.getProperty("autotier.bench.eaf", "../shared/data/eaf/pympi/sample_3.0.eaf"));
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file.toAbsolutePath() + " not found; pass -Dautotier.bench.eaf=FILE");
        }
        bytes = Files.readAllBytes(file);
        doc = EafReader.read(new ByteArrayInputStream(bytes), file.toString());
    }

    @Benchmark
    public EafDocument read() throws Exception {
        return EafReader.read(new ByteArrayInputStream(bytes), "bench");
    }

    @Benchmark
    public int write() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + 1024);
        EafWriter.write(doc, out, EafVersion.V3_0, "bench");
        return out.size();
    }

    @Benchmark
    public int readAndWrite() throws Exception {
        EafDocument d = EafReader.read(new ByteArrayInputStream(bytes), "bench");
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + 1024);
        EafWriter.write(d, out, EafVersion.V3_0, "bench");
        return out.size();
    }
}
