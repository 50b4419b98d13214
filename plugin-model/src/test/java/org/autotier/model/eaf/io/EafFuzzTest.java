package org.autotier.model.eaf.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import org.autotier.model.eaf.EafDocument;

/**
 * Coverage-guided fuzzing of the EAF reader and writer (Jazzer; docs/reliability.md).
 *
 * <p>{@code mvn verify} runs each target twice: on its regression inputs (the seeds and every
 * finding, under {@code src/test/resources/.../EafFuzzTestInputs/}), and, in its own surefire
 * execution with {@code JAZZER_FUZZ=1}, fuzzing for the {@code maxDuration} below. Any exception
 * other than an {@link EafException} is a finding: a user would see a stack trace, or a host would
 * see a RuntimeException, instead of a message naming the file and the cause.
 */
class EafFuzzTest {

    private static final String SOURCE = "fuzzed.eaf";

    /** Bytes → a document, or an {@link EafException} that names the file. */
    @FuzzTest(maxDuration = "30s")
    void readerReturnsADocumentOrNamesTheProblem(byte[] bytes) {
        try {
            EafReader.read(new ByteArrayInputStream(bytes), SOURCE);
        } catch (EafException e) {
            assertTrue(e.getMessage() != null && e.getMessage().contains(SOURCE), e.getMessage());
        }
    }

    /** Whatever the reader accepts, the writer writes, and reading that back gives an equal document. */
    @FuzzTest(maxDuration = "30s")
    void whatIsReadWritesAndReadsBackEqual(byte[] bytes) throws EafException {
        EafDocument doc;
        try {
            doc = EafReader.read(new ByteArrayInputStream(bytes), SOURCE);
        } catch (EafException refused) {
            return;
        }
        EafVersion version = EafVersion.forWriting(doc);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EafWriter.write(doc, out, version, SOURCE);
        EafDocument back = EafReader.read(new ByteArrayInputStream(out.toByteArray()), "written " + SOURCE);
        assertEquals(EafConversion.toVersion(doc, version, SOURCE), back);
    }
}
