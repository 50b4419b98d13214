package org.autotier.it;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.autotier.model.eaf.EafDocument;
import org.autotier.model.eaf.EafEditor;
import org.autotier.model.eaf.LinguisticType;
import org.autotier.model.eaf.Tier;

/** The fixtures the in-framework tests share (fixtures/README.md says how they were made). */
final class Fixtures {
    private Fixtures() {
    }

    /** The espeak-ng speech recording, copied out of the test bundle. */
    static Path speech(Path dir) throws IOException {
        Path wav = dir.resolve("speech.wav");
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/speech.wav")) {
            Files.copy(in, wav, StandardCopyOption.REPLACE_EXISTING);
        }
        return wav;
    }

    /** A user's document with one tier of their own. */
    static EafDocument userDocument() {
        EafEditor ed = EafEditor.create("lab");
        ed.putLinguisticType(new LinguisticType("default-lt", true, null, false, null, null, null));
        ed.addTier(Tier.of("Transcript", "default-lt", null));
        ed.addAlignable("Transcript", 500, 2500, "look at the big red ball");
        return ed.build();
    }
}
