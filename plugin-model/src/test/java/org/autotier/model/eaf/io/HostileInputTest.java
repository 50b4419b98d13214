package org.autotier.model.eaf.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.autotier.model.eaf.EafDocument;
import org.autotier.model.eaf.EafEditor;
import org.autotier.model.eaf.LinguisticType;
import org.autotier.model.eaf.TestData;
import org.autotier.model.eaf.Tier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Malformed and malicious files get a typed error naming the file, line and column. */
class HostileInputTest {

    @TempDir
    Path tmp;

    private static final String MINIMAL_BODY = "<HEADER/><TIME_ORDER/></ANNOTATION_DOCUMENT>";

    private static EafDocument parse(String xml) throws EafException {
        return EafReader.read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), "test.eaf");
    }

    @Test
    void externalEntityIsRefusedAndNotFetched() throws Exception {
        Path secret = Files.writeString(tmp.resolve("secret.txt"), "TOP SECRET");
        String xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE ANNOTATION_DOCUMENT [<!ENTITY xxe SYSTEM \""
                + secret.toUri() + "\">]>\n<ANNOTATION_DOCUMENT AUTHOR=\"&xxe;\" DATE=\"\" VERSION=\"3.0\">"
                + MINIMAL_BODY;
        EafSecurityException e = assertThrows(EafSecurityException.class, () -> parse(xml));
        assertFalse(e.getMessage().contains("TOP SECRET"));
        assertTrue(e.getMessage().startsWith("test.eaf: line 2"), e.getMessage());
    }

    @Test
    void billionLaughsIsRefusedQuickly() {
        StringBuilder dtd = new StringBuilder("<!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        for (int i = 1; i <= 9; i++) {
            dtd.append("<!ENTITY lol").append(i).append(" \"");
            for (int j = 0; j < 10; j++) {
                dtd.append("&lol").append(i == 1 ? "" : String.valueOf(i - 1)).append(';');
            }
            dtd.append("\">");
        }
        dtd.append("]>");
        String xml = "<?xml version=\"1.0\"?>" + dtd + "<ANNOTATION_DOCUMENT AUTHOR=\"&lol9;\" DATE=\"\" VERSION=\"3.0\">"
                + MINIMAL_BODY;
        assertThrows(EafSecurityException.class, () -> parse(xml));
    }

    @Test
    void truncatedFileNamesLineAndColumn() throws Exception {
        byte[] whole;
        try (InputStream in = getClass().getResourceAsStream("/eaf/everything-3.0.eaf")) {
            whole = in.readAllBytes();
        }
        byte[] half = java.util.Arrays.copyOf(whole, whole.length / 2);
        Path f = Files.write(tmp.resolve("truncated.eaf"), half);
        EafParseException e = assertThrows(EafParseException.class, () -> EafReader.read(f));
        assertFalse(e instanceof EafSecurityException);
        assertTrue(e.line() > 1, "line " + e.line());
        assertTrue(e.getMessage().startsWith(f.toString() + ": line "), e.getMessage());
    }

    @Test
    void emptyAndForeignFilesAreNamed() throws Exception {
        Path empty = Files.write(tmp.resolve("empty.eaf"), new byte[0]);
        EafParseException e = assertThrows(EafParseException.class, () -> EafReader.read(empty));
        assertTrue(e.getMessage().contains("empty.eaf"), e.getMessage());
        EafParseException foreign = assertThrows(EafParseException.class, () -> parse("<html><body/></html>"));
        assertTrue(foreign.reason().contains("not an EAF file"), foreign.reason());
        EafException missing = assertThrows(EafException.class, () -> EafReader.read(tmp.resolve("nope.eaf")));
        assertEquals(tmp.resolve("nope.eaf") + ": no such file", missing.getMessage());
    }

    @Test
    void unknownContentIsRefusedRatherThanDropped() {
        EafParseException el = assertThrows(EafParseException.class, () -> parse(
                "<ANNOTATION_DOCUMENT AUTHOR=\"\" DATE=\"\" VERSION=\"3.0\"><HEADER/><TIME_ORDER/><SURPRISE/>"
                        + "</ANNOTATION_DOCUMENT>"));
        assertTrue(el.reason().contains("unknown element SURPRISE"), el.reason());
        EafParseException at = assertThrows(EafParseException.class, () -> parse(
                "<ANNOTATION_DOCUMENT AUTHOR=\"\" DATE=\"\" VERSION=\"3.0\"><HEADER/><TIME_ORDER>"
                        + "<TIME_SLOT TIME_SLOT_ID=\"ts1\" COLOR=\"red\"/></TIME_ORDER></ANNOTATION_DOCUMENT>"));
        assertTrue(at.reason().contains("unknown attribute COLOR"), at.reason());
        EafParseException num = assertThrows(EafParseException.class, () -> parse(
                "<ANNOTATION_DOCUMENT AUTHOR=\"\" DATE=\"\" VERSION=\"3.0\"><HEADER/><TIME_ORDER>"
                        + "<TIME_SLOT TIME_SLOT_ID=\"ts1\" TIME_VALUE=\"soon\"/></TIME_ORDER></ANNOTATION_DOCUMENT>"));
        assertTrue(num.reason().contains("not a whole number"), num.reason());
    }

    @Test
    void controlCharactersCannotBeWrittenAndNothingIsLeftBehind() throws Exception {
        EafEditor ed = EafEditor.create("t");
        ed.putLinguisticType(new LinguisticType("lt", true, null, false, null, null, null));
        ed.addTier(Tier.of("t1", "lt", null));
        ed.addAlignable("t1", 0, 10, "bell\u0007");
        Path out = tmp.resolve("bell.eaf");
        Files.writeString(out, "previous content");
        EafException e = assertThrows(EafException.class, () -> EafWriter.write(ed.build(), out));
        assertTrue(e.getMessage().contains("U+0007"), e.getMessage());
        assertEquals("previous content", Files.readString(out), "a failed write leaves the old file");
        try (var files = Files.list(tmp)) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
        assertThrows(EafException.class, () -> EafWriter.write(ed.build(), new ByteArrayOutputStream(),
                EafVersion.V3_0, "mem"));
    }

    @Test
    void fixtureHelperIsSane() throws Exception {
        assertEquals("3.0", TestData.fixture("everything-3.0.eaf").version());
    }

    @Test
    void aFileTooLargeForTheMemoryIsRefusedBeforeReadingWithTheSizesAndTheRemedy() throws Exception {
        Path f = TestData.fixturePath("everything-3.0.eaf", tmp);
        long size = Files.size(f);
        // enough memory: read as usual
        EafReader.read(f, (long) (size * EafReader.MEMORY_PER_FILE_BYTE) + 1);
        EafException e = assertThrows(EafException.class, () -> EafReader.read(f, size));
        assertTrue(e.getMessage().startsWith(f.toString() + ": the file is "), e.getMessage());
        assertTrue(e.getMessage().contains("reading it needs about") && e.getMessage().contains("-Xmx"), e.getMessage());
    }

    @Test
    void aFileSavedAsLatin1ThatSaysUtf8NamesTheLineColumnAndBytesAndPrintsNothing() throws Exception {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ANNOTATION_DOCUMENT AUTHOR=\"Jos\u00e9\" DATE=\"\" "
                + "VERSION=\"3.0\">\n<HEADER/>\n<TIME_ORDER/>\n<!-- caf\u00e9 --></ANNOTATION_DOCUMENT>";
        byte[] latin1 = xml.getBytes(StandardCharsets.ISO_8859_1);
        java.io.PrintStream stderr = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        EafParseException e;
        try {
            System.setErr(new java.io.PrintStream(printed, true, StandardCharsets.UTF_8));
            e = assertThrows(EafParseException.class,
                    () -> EafReader.read(new ByteArrayInputStream(latin1), "latin1.eaf"));
        } finally {
            System.setErr(stderr);
        }
        // "Jos" + 0xE9 + '"': line 2, after <ANNOTATION_DOCUMENT AUTHOR="Jos (32 characters)
        assertTrue(e.getMessage().startsWith("latin1.eaf: line 2, column 33: bytes that are not UTF-8 (0xE9)"),
                e.getMessage());
        assertTrue(e.getMessage().contains("save it as UTF-8"), e.getMessage());
        assertEquals("", printed.toString(StandardCharsets.UTF_8), "the JDK parser's [Fatal Error] line is not printed");

        // the same text saved as Latin-1 and declared as such reads, as does UTF-8 with a byte order mark
        byte[] declared = xml.replace("UTF-8", "ISO-8859-1").getBytes(StandardCharsets.ISO_8859_1);
        assertEquals("Jos\u00e9", EafReader.read(new ByteArrayInputStream(declared), "declared.eaf").author());
        ByteArrayOutputStream bom = new ByteArrayOutputStream();
        bom.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        bom.write(xml.getBytes(StandardCharsets.UTF_8));
        assertEquals("Jos\u00e9", EafReader.read(new ByteArrayInputStream(bom.toByteArray()), "bom.eaf").author());
        assertEquals("Jos\u00e9", EafReader.read(new ByteArrayInputStream(
                xml.replace("UTF-8", "UTF-16").getBytes(StandardCharsets.UTF_16)), "utf16.eaf").author(), "UTF-16 is left to the parser");
    }
}
