package org.autotier.model.eaf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.autotier.model.eaf.io.EafReader;
import org.autotier.model.eaf.io.EafVersion;
import org.autotier.model.eaf.io.EafWriter;

/** Random valid documents, built through the editor, survive write -> read unchanged. */
class EafPropertyTest {

    /** Any text XML 1.0 can carry, including whitespace, markup characters and astral code points. */
    @Provide
    Arbitrary<String> xmlText() {
        Arbitrary<Character> special = Arbitraries.of('<', '>', '&', '"', '\'', '\t', '\n', '\r', ' ', ']', 'é', '中');
        Arbitrary<String> plain = Arbitraries.strings().withCharRange((char) 0x20, (char) 0xD7FF).ofMaxLength(12);
        Arbitrary<String> mixed = Arbitraries.strings().withChars('a', 'b', ' ').ofMaxLength(4)
                .flatMap(s -> special.list().ofMaxSize(5).map(cs -> {
                    StringBuilder b = new StringBuilder(s);
                    cs.forEach(b::append);
                    return b.toString();
                }));
        Arbitrary<String> emoji = Arbitraries.of("😀", "𝄞 music", "");
        return Arbitraries.oneOf(plain, mixed, emoji);
    }

    @Provide
    Arbitrary<List<Tuple.Tuple3<Long, Long, String>>> segments() {
        Arbitrary<Tuple.Tuple3<Long, Long, String>> one = Combinators.combine(
                Arbitraries.longs().between(0, 3_600_000), Arbitraries.longs().between(1, 60_000), xmlText())
                .as((start, len, v) -> Tuple.of(start, start + len, v));
        return one.list().ofMaxSize(25);
    }

    @Property(tries = 150)
    void randomDocumentsSurviveWriteRead(@ForAll("segments") List<Tuple.Tuple3<Long, Long, String>> segs,
            @ForAll("xmlText") String author, @ForAll("xmlText") String participant,
            @ForAll("xmlText") String propertyValue) throws Exception {
        EafEditor ed = EafEditor.create(author);
        ed.setProperty("note", propertyValue);
        ed.putLinguisticType(new LinguisticType("default", true, null, false, null, null, null));
        ed.putLinguisticType(new LinguisticType("assoc", false, "Symbolic_Association", false, null, null, null));
        ed.addTier(Tier.of("main", "default", null).withParticipant(participant));
        ed.addTier(Tier.of("child", "assoc", "main"));
        for (var s : segs) {
            String id = ed.addAlignable("main", s.get1(), s.get2(), s.get3());
            ed.addReference("child", id, s.get3() + "!");
        }
        EafDocument doc = ed.build();
        for (EafVersion v : EafVersion.values()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            EafWriter.write(doc, out, v, "memory");
            EafDocument back = EafReader.read(new ByteArrayInputStream(out.toByteArray()), "memory");
            assertEquals(doc.withVersion(v.text()), back, "as EAF " + v.text());
        }
        assertEquals(List.of(), EafValidator.validate(doc));
    }
}
