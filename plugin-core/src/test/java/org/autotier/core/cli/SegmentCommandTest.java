package org.autotier.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.autotier.core.testing.MediaFixtures;
import org.autotier.core.vad.VadParams;
import org.autotier.model.eaf.EafDocument;
import org.autotier.model.eaf.EafEditor;
import org.autotier.model.eaf.EafValidator;
import org.autotier.model.eaf.LinguisticType;
import org.autotier.model.eaf.Tier;
import org.autotier.model.eaf.io.EafReader;
import org.autotier.model.eaf.io.EafWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SegmentCommandTest {

    @TempDir
    Path tmp;

    @Test
    void speechOnlyRecordingGivesASpeechTierIntoAnExistingEaf() throws Exception {
        Optional<short[]> speech = MediaFixtures.espeak("Look at the big red ball over there.", tmp);
        assumeTrue(speech.isPresent(), "espeak-ng is not installed");
        Path wav = MediaFixtures.wav(tmp.resolve("child.wav"), speech.get(), 1500);
        EafEditor ed = EafEditor.create("lab");
        ed.putLinguisticType(new LinguisticType("default-lt", true, null, false, null, null, null));
        ed.addTier(Tier.of("Transcript", "default-lt", null));
        ed.addAlignable("Transcript", 1400, 3000, "look at the ball");
        Path existing = tmp.resolve("session.eaf");
        EafDocument before = ed.build();
        EafWriter.write(before, existing);

        CliRun r = CliRun.of("segment", wav.toString(), "--into", existing.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("audio only"), r.out());
        EafDocument after = EafReader.read(existing);
        assertEquals(before.tier("Transcript"), after.tier("Transcript"));
        var speechTier = after.tier("autotier-speech").orElseThrow();
        assertEquals(1, speechTier.annotations().size());
        assertFalse(after.tier("autotier-speech-face").isPresent(), "no face tiers without video");
        assertEquals(List.of(), EafValidator.validate(after));
        assertTrue(Files.exists(tmp.resolve("session.eaf.bak")), "the previous file is kept");
        assertEquals(before, EafReader.read(tmp.resolve("session.eaf.bak")));
    }

    @Test
    void corruptMediaFailsClearlyAndWritesNothing() throws Exception {
        Path bad = Files.write(tmp.resolve("broken.mp4"), new byte[] {0, 0, 0, 24, 'f', 't', 'y', 'p', 1, 2, 3});
        Path out = tmp.resolve("broken.eaf");
        CliRun r = CliRun.of("segment", bad.toString(), "-o", out.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().startsWith("autotier: " + bad + ": "), r.err());
        assertFalse(Files.exists(out), "no partial output");
        try (var files = Files.list(tmp)) {
            assertEquals(1, files.count(), "no temporary files either");
        }
    }

    @Test
    void cliDefaultsMatchTheLibraryDefaults() {
        SegmentCommand c = new SegmentCommand();
        new CommandLine(c).parseArgs("x.mp4");
        assertEquals(VadParams.DEFAULTS, c.options.vad());
        assertEquals(org.autotier.core.segment.SegmentParams.DEFAULTS, c.options.segment());
        RunCommand r = new RunCommand();
        new CommandLine(r).parseArgs("x.mp4");
        assertEquals(VadParams.DEFAULTS, r.segment.vad());
        assertEquals(org.autotier.core.suggest.SuggestParams.DEFAULTS, r.suggest.params());
    }
}
