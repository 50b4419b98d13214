package org.autotier.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.autotier.core.suggest.Sidecars;
import org.autotier.model.suggest.SuggestionTiers;
import org.autotier.core.testing.MediaFixtures;
import org.autotier.model.eaf.EafDocument;
import org.autotier.model.eaf.EafEditor;
import org.autotier.model.eaf.EafValidator;
import org.autotier.model.eaf.LinguisticType;
import org.autotier.model.eaf.RefAnnotation;
import org.autotier.model.eaf.Tier;
import org.autotier.model.eaf.io.EafReader;
import org.autotier.model.eaf.io.EafSchemas;
import org.autotier.model.eaf.io.EafVersion;
import org.autotier.model.eaf.io.EafWriter;
import org.autotier.model.suggest.Flag;
import org.autotier.model.suggest.ReviewState;
import org.autotier.model.suggest.Suggestion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {
    @TempDir
    Path tmp;

    private Path speechWav(String name, String text) throws Exception {
        Optional<short[]> speech = MediaFixtures.espeak(text, tmp);
        assumeTrue(speech.isPresent(), "espeak-ng is not installed");
        return MediaFixtures.wav(tmp.resolve(name), speech.get(), 1000);
    }

    @Test
    void aFolderThatTakesNoFileFailsBeforeAnyWorkAndNamesIt() throws Exception {
        Path wav = MediaFixtures.wav(tmp.resolve("clip.wav"), new short[16_000], 0);
        Path locked = Files.createDirectories(tmp.resolve("locked"));
        Files.setPosixFilePermissions(locked, java.nio.file.attribute.PosixFilePermissions.fromString("r-xr-xr-x"));
        Path target = locked.resolve("clip.eaf");
        if (canCreateIn(locked)) {
            // root ignores permissions: /proc takes no new file, for root either
            target = Path.of("/proc/self/clip.eaf");
        }
        CliRun r = CliRun.of("run", wav.toString(), "-o", target.toString());
        Files.setPosixFilePermissions(locked, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        assertNotEquals(0, r.exitCode());
        assertTrue(r.err().contains("cannot write in " + target.getParent().toAbsolutePath()), r.err());
        assertFalse(r.err().contains("loading") || r.out().contains("segment(s)"), "no work was done: " + r.out());
        assertFalse(Files.exists(target));
    }

    private static boolean canCreateIn(Path folder) {
        try {
            Files.delete(Files.createFile(folder.resolve("probe")));
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Test
    void audioOnlyRecordingIntoAnExistingEafKeepsHumanDecisionsOnRerun() throws Exception {
        Path wav = speechWav("child.wav", "Look at the big red ball. I really do not like it at all.");
        EafEditor ed = EafEditor.create("lab");
        ed.putLinguisticType(new LinguisticType("default-lt", true, null, false, null, null, null));
        ed.addTier(Tier.of("Transcript", "default-lt", null));
        ed.addAlignable("Transcript", 900, 3000, "look at the big red ball");
        ed.setProperty("lab.session", "S01");
        Path eaf = tmp.resolve("session.eaf");
        EafDocument before = ed.build();
        EafWriter.write(before, eaf);

        CliRun r = CliRun.of("run", wav.toString(), "--into", eaf.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("audio only"), r.out());
        EafDocument after = EafReader.read(eaf);
        assertEquals(before.tier("Transcript"), after.tier("Transcript"), "the user's tier is untouched");
        assertTrue(after.header().properties().stream().anyMatch(p -> p.name().equals("lab.session")));
        assertEquals(List.of(), EafValidator.validate(after));
        List<Suggestion> suggestions = SuggestionTiers.read(after);
        assertFalse(suggestions.isEmpty());
        for (Suggestion s : suggestions) {
            assertFalse(s.flags().contains(Flag.MODALITY_CONFLICT), "no face, no conflict: " + s);
            assertEquals(ReviewState.UNREVIEWED, s.review());
        }
        for (String tier : SuggestionTiers.CHILDREN) {
            Tier t = after.tier(tier).orElseThrow();
            assertEquals("autotier-speech", t.parentRef());
            assertEquals(suggestions.size(), t.annotations().size(), tier);
        }
        for (var a : after.tier(SuggestionTiers.EMOTION).orElseThrow().annotations()) {
            assertNotNull(a.cveRef(), "every emotion annotation refers to its CV entry");
        }
        checkSidecars(eaf, after);
        JsonNode side = new ObjectMapper().readTree(SuggestionTiers.sidecar(eaf, "json").toFile());
        for (JsonNode s : side.path("suggestions")) {
            assertTrue(s.path("audioOnly").asBoolean(), "the sidecar says each suggestion is audio only: " + s);
            assertEquals("windows", s.path("attention").path("audioKind").asText(),
                    "the shipped model has no attention: the heatmap shows window evidence");
        }

        // a reviewer corrects the first suggestion; a re-run must not overwrite it
        Suggestion first = suggestions.get(0);
        String newLabel = first.label().equals("sad") ? "happy" : "sad";
        var placed = SuggestionTiers.readPlaced(after).get(0);
        EafDocument reviewed = EafEditor.edit(after)
                .setValue(placed.childAnnotationIds().get(SuggestionTiers.EMOTION), newLabel)
                .setValue(placed.childAnnotationIds().get(SuggestionTiers.REVIEW), "corrected").build();
        EafWriter.write(reviewed, eaf);
        CliRun again = CliRun.of("run", wav.toString(), "--into", eaf.toString());
        assertEquals(0, again.exitCode(), again.err());
        EafDocument rerun = EafReader.read(eaf);
        Suggestion kept = SuggestionTiers.read(rerun).stream()
                .filter(s -> s.segment().startMs() == first.segment().startMs()).findFirst().orElseThrow();
        assertEquals(newLabel, kept.label());
        assertEquals(ReviewState.CORRECTED, kept.review());
        assertEquals(before.tier("Transcript"), rerun.tier("Transcript"));
        assertEquals(List.of(), EafValidator.validate(rerun));
    }

    @Test
    void humanEmotionTiersThatDisagreeAreFlaggedAndKappaIsReported() throws Exception {
        Path wav = speechWav("talk.wav", "Look at the big red ball. I really do not like it at all.");
        EafEditor ed = EafEditor.create("lab");
        ed.putLinguisticType(new LinguisticType("emotion", true, null, false, null, null, null));
        ed.addTier(Tier.of("expert1", "emotion", null));
        ed.addTier(Tier.of("expert2", "emotion", null));
        // both experts label the whole utterance, differently
        ed.addAlignable("expert1", 500, 6000, "joy");
        ed.addAlignable("expert2", 500, 6000, "sadness");
        Path eaf = tmp.resolve("lab.eaf");
        EafWriter.write(ed.build(), eaf);
        CliRun r = CliRun.of("run", wav.toString(), "--into", eaf.toString(), "--human-tier", "expert1",
                "--human-tier", "expert2");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("human agreement fleiss="), r.out());
        EafDocument after = EafReader.read(eaf);
        List<Suggestion> s = SuggestionTiers.read(after);
        assertFalse(s.isEmpty());
        assertTrue(s.stream().allMatch(x -> x.flags().contains(Flag.HUMAN_DISAGREEMENT)), s.toString());
        assertTrue(after.header().property("autotier.human.kappa").orElseThrow().startsWith("fleiss="));
        CliRun missing = CliRun.of("run", wav.toString(), "--into", eaf.toString(), "--human-tier", "expert9");
        assertEquals(1, missing.exitCode());
        assertTrue(missing.err().contains("expert9"), missing.err());
    }

    @Test
    void intoRealEafFilesOfEveryVersionKeepsTheirVersionAndTheirTiers() throws Exception {
        Path shared = MediaFixtures.sharedData().orElse(null);
        assumeTrue(shared != null, "../shared/data is not present");
        Path wav = speechWav("voice.wav", "Where did the little dog go?");
        for (String v : List.of("2.7", "2.8", "3.0")) {
            Path eaf = Files.copy(shared.resolve("eaf/pympi/sample_" + v + ".eaf"), tmp.resolve("sample_" + v + ".eaf"));
            EafDocument before = EafReader.read(eaf);
            CliRun r = CliRun.of("run", wav.toString(), "--into", eaf.toString());
            assertEquals(0, r.exitCode(), v + ": " + r.err());
            EafDocument after = EafReader.read(eaf);
            assertEquals(v, after.version(), "the file keeps its EAF version");
            for (var t : before.tiers()) {
                assertEquals(t, after.tier(t.id()).orElseThrow(), v + ": tier " + t.id());
            }
            assertEquals(before.controlledVocabularies(), after.controlledVocabularies().stream()
                    .filter(c -> !c.id().startsWith("autotier-")).toList(), v + ": the file's own CVs");
            Path xsd = shared.resolve("eaf/schemas/" + EafVersion.parse(v).schemaFileName());
            assertEquals(List.of(), EafSchemas.validate(eaf, xsd), v + ": official XSD");
            assertFalse(SuggestionTiers.read(after).isEmpty(), v);
        }
    }

    /** The JSON sidecar agrees with the EAF; the CSV is an ELAN time series the EAF links. */
    static void checkSidecars(Path eaf, EafDocument doc) throws Exception {
        JsonNode json = new ObjectMapper().readTree(Sidecars.jsonFor(eaf).toFile());
        List<Suggestion> inEaf = SuggestionTiers.read(doc);
        JsonNode items = json.get("suggestions");
        assertEquals(inEaf.size(), items.size());
        for (int i = 0; i < inEaf.size(); i++) {
            Suggestion s = inEaf.get(i);
            JsonNode j = items.get(i);
            assertEquals(s.segment().startMs(), j.get("startMs").asLong());
            assertEquals(s.segment().endMs(), j.get("endMs").asLong());
            assertEquals(s.label(), j.get("label").asText());
            assertEquals(SuggestionTiers.formatConfidence(j.get("confidence").asDouble()),
                    SuggestionTiers.formatConfidence(s.confidence()));
            Set<String> flags = new HashSet<>();
            j.get("flags").forEach(f -> flags.add(f.asText()));
            assertEquals(s.flags().stream().map(Enum::name).collect(java.util.stream.Collectors.toSet()), flags);
            double sum = 0;
            for (JsonNode p : j.get("distribution")) {
                sum += p.asDouble();
            }
            assertEquals(1.0, sum, 1e-6);
            assertEquals(j.get("distribution").get(s.label()).asDouble(), j.get("confidence").asDouble(), 1e-9,
                    "the confidence is the chosen label's probability");
        }
        Path csv = Sidecars.csvFor(eaf);
        List<String> lines = Files.readAllLines(csv);
        assertTrue(lines.get(0).startsWith("#timestamp;confidence;top_label_index;p_"), lines.get(0));
        assertTrue(lines.size() > 1);
        double previous = -1;
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(";");
            assertEquals(lines.get(0).split(";").length, cells.length);
            double t = Double.parseDouble(cells[0]);
            assertTrue(t >= previous, "time order");
            previous = t;
        }
        assertTrue(doc.header().linkedFiles().stream().anyMatch(l -> l.linkUrl().equals(csv.toUri().toString())
                && "./".concat(csv.getFileName().toString()).equals(l.relativeLinkUrl())), "EAF links the CSV");
    }

    @Test
    void askingForAGpuWhereThereIsNoneFailsClearly() throws Exception {
        assumeTrue(ai.djl.engine.Engine.getEngine("PyTorch").getGpuCount() == 0, "this machine has a GPU");
        Path wav = speechWav("gpu.wav", "Is there a graphics card?");
        CliRun r = CliRun.of("run", wav.toString(), "--device", "gpu", "-o", tmp.resolve("gpu.eaf").toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("no CUDA device"), r.err());
        assertFalse(Files.exists(tmp.resolve("gpu.eaf")));
        CliRun bad = CliRun.of("run", wav.toString(), "--device", "tpu", "-o", tmp.resolve("tpu.eaf").toString());
        assertEquals(1, bad.exitCode());
        assertTrue(bad.err().contains("auto, cpu or gpu"), bad.err());
    }

    @Test
    void aBatchSurvivesACorruptFileInTheMiddle() throws Exception {
        Path batch = Files.createDirectories(tmp.resolve("batch"));
        Path a = speechWav("batch/a.wav", "Good morning, how are you today?");
        Files.write(batch.resolve("b.mp4"), new byte[] {0, 0, 0, 24, 'f', 't', 'y', 'p', 1, 2, 3});
        Files.copy(a, batch.resolve("c.wav"));
        Files.writeString(batch.resolve("notes.txt"), "not a recording: skipped by the folder scan");
        Path out = tmp.resolve("out");
        CliRun r = CliRun.of("run", batch.toString(), "--out-dir", out.toString());
        assertEquals(1, r.exitCode(), "a failed file fails the batch: " + r.out() + r.err());
        assertTrue(Files.exists(out.resolve("a.eaf")) && Files.exists(out.resolve("c.eaf")), r.out());
        assertFalse(Files.exists(out.resolve("b.eaf")));
        assertTrue(r.err().contains("b.mp4"), r.err());
        List<String> table = r.out().lines().dropWhile(l -> !l.startsWith("file ")).toList();
        assertEquals(5, table.size(), r.out());
        assertTrue(table.get(1).contains("a.wav") && table.get(1).endsWith("ok"), table.get(1));
        assertTrue(table.get(2).contains("b.mp4") && table.get(2).contains("FAILED"), table.get(2));
        assertTrue(table.get(3).contains("c.wav") && table.get(3).endsWith("ok"), table.get(3));
        assertTrue(table.get(4).matches("3 recording\\(s\\), 1 failed; [0-9.]+ s after start-up, [0-9.]+ recordings/s"),
                table.get(4));
    }

    @Test
    void aStallLimitMustBePositive() throws Exception {
        Path wav = MediaFixtures.wav(tmp.resolve("clip.wav"), new short[16_000], 0);
        CliRun zero = CliRun.of("run", wav.toString(), "-o", tmp.resolve("z.eaf").toString(), "--stall-seconds", "0");
        assertEquals(2, zero.exitCode(), zero.err());
        assertTrue(zero.err().contains("--stall-seconds must be positive"), zero.err());
        assertFalse(Files.exists(tmp.resolve("z.eaf")));
    }

    @Test
    void twoRecordingsAtOnceGiveWhatOneAtATimeGives() throws Exception {
        Path batch = Files.createDirectories(tmp.resolve("jobs"));
        speechWav("jobs/a.wav", "Good morning, how are you today?");
        speechWav("jobs/b.wav", "I am very angry about the broken window.");
        speechWav("jobs/c.wav", "What a lovely surprise to see you here!");
        Files.write(batch.resolve("d.mp4"), new byte[] {0, 0, 0, 24, 'f', 't', 'y', 'p', 1, 2, 3});
        CliRun one = CliRun.of("run", batch.toString(), "--out-dir", tmp.resolve("one").toString(), "--jobs", "1");
        CliRun two = CliRun.of("run", batch.toString(), "--out-dir", tmp.resolve("two").toString(), "--jobs", "2");
        assertEquals(1, one.exitCode(), one.out() + one.err());
        assertEquals(1, two.exitCode(), "the corrupt file fails the batch either way: " + two.out() + two.err());
        assertTrue(two.err().contains("d.mp4"), two.err());
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (String name : List.of("a", "b", "c")) {
            var s1 = json.readTree(tmp.resolve("one/" + name + ".autotier.json").toFile()).get("suggestions");
            var s2 = json.readTree(tmp.resolve("two/" + name + ".autotier.json").toFile()).get("suggestions");
            // the same suggestions and flags; the numbers within float noise (PyTorch's kernels
            // may split work differently while another thread computes)
            assertEquals(s1.size(), s2.size(), name);
            for (int i = 0; i < s1.size(); i++) {
                for (String field : List.of("startMs", "endMs", "label", "flags", "faceFrames", "speechMs")) {
                    assertEquals(s1.get(i).get(field), s2.get(i).get(field), name + " " + field);
                }
                assertEquals(s1.get(i).get("confidence").asDouble(), s2.get(i).get("confidence").asDouble(), 1e-6, name);
            }
        }
        List<String> table = two.out().lines().dropWhile(l -> !l.startsWith("file ")).toList();
        assertEquals(6, table.size(), two.out());
        assertTrue(table.get(1).contains("a.wav") && table.get(4).contains("d.mp4") && table.get(4).contains("FAILED"),
                "rows in input order: " + table);
        CliRun zero = CliRun.of("run", batch.toString(), "--out-dir", tmp.resolve("x").toString(), "--jobs", "0");
        assertTrue(zero.exitCode() != 0 && zero.err().contains("--jobs"), "--jobs 0 is refused: " + zero.err());
        assertTrue(two.out().contains("recordings/s"), "the summary reports the batch's rate: " + two.out());
    }

    @Test
    void aBatchOfSmallFilesRunsSeveralAtOnceByDefaultAndLongRecordingsOneAtATime() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("sizes"));
        List<Path> clips = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            clips.add(Files.write(dir.resolve("clip" + i + ".wav"), new byte[64_000]));
        }
        assertEquals(2, RunCommand.jobsFor(null, clips, 2), "four short clips on two cores");
        assertEquals(4, RunCommand.jobsFor(null, clips, 16), "at most four at once");
        assertEquals(1, RunCommand.jobsFor(null, clips.subList(0, 3), 2), "three recordings: one at a time");
        assertEquals(3, RunCommand.jobsFor(3, clips.subList(0, 1), 2), "--jobs as given");
        Path large = dir.resolve("lecture.mp4");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(large.toFile(), "rw")) {
            f.setLength(RunCommand.SMALL_FILE_BYTES + 1); // sparse: no disk used
        }
        List<Path> mixed = new ArrayList<>(clips);
        mixed.add(large);
        assertEquals(1, RunCommand.jobsFor(null, mixed, 2), "a long recording in the batch: one at a time");
    }

    @Test
    void aCorpusSortedIntoSubFoldersKeepsItsLayoutInTheOutputFolder() throws Exception {
        Path corpus = Files.createDirectories(tmp.resolve("corpus/angry"));
        Files.createDirectories(tmp.resolve("corpus/sad/speaker2"));
        Path a = speechWav("corpus/angry/01.wav", "Put the book back on the shelf.");
        Files.copy(a, tmp.resolve("corpus/sad/speaker2/01.wav"));
        Path out = tmp.resolve("corpus-out");
        CliRun r = CliRun.of("run", tmp.resolve("corpus").toString(), "--out-dir", out.toString());
        assertEquals(0, r.exitCode(), r.out() + r.err());
        assertTrue(Files.exists(out.resolve("angry/01.eaf")), r.out());
        assertTrue(Files.exists(out.resolve("sad/speaker2/01.eaf")), "same file name, own sub-folder: " + r.out());
        assertTrue(r.out().contains("2 recording(s), 0 failed"), r.out());
    }

    @Test
    void realTalkingFaceAndRavdessClipsGiveSchemaValidEafsWithAllTiers() throws Exception {
        Path shared = MediaFixtures.sharedData().orElse(null);
        assumeTrue(shared != null, "../shared/data is not present");
        List<Path> media = new ArrayList<>(List.of(shared.resolve("av-clips/grid/bbaf2n.mpg"),
                shared.resolve("ravdess-speech-16k/Actor_20/03-01-05-02-01-01-20.wav")));
        for (Path m : media) {
            String name = m.getFileName().toString();
            Path eaf = tmp.resolve(name.substring(0, name.lastIndexOf('.')) + ".eaf");
            CliRun r = CliRun.of("run", m.toString(), "-o", eaf.toString());
            assertEquals(0, r.exitCode(), r.err());
            EafDocument doc = EafReader.read(eaf);
            Path xsd = shared.resolve("eaf/schemas/" + EafVersion.V3_0.schemaFileName());
            assertEquals(List.of(), EafSchemas.validate(eaf, xsd), "official EAF 3.0 XSD");
            assertEquals(List.of(), EafValidator.validate(doc));
            CliRun validate = CliRun.of("eaf", "validate", eaf.toString());
            assertEquals(0, validate.exitCode(), validate.out() + validate.err());
            for (String tier : SuggestionTiers.CHILDREN) {
                assertFalse(doc.tier(tier).orElseThrow().annotations().isEmpty(), name + ": " + tier);
            }
            boolean video = name.endsWith(".mpg");
            assertEquals(video ? "autotier-speech-face" : "autotier-speech",
                    doc.tier(SuggestionTiers.EMOTION).orElseThrow().parentRef());
            checkSidecars(eaf, doc);
            JsonNode first = new ObjectMapper().readTree(Sidecars.jsonFor(eaf).toFile()).get("suggestions").get(0);
            if (video) {
                assertTrue(first.get("faceFrames").asInt() >= 10, "GRID's face is seen: " + first);
                assertFalse(first.get("face").isNull(), "the face-expression net gave an opinion");
            } else {
                assertTrue(first.get("face").isNull());
                // RAVDESS emotion 05 is angry; the shipped model gets this clip right
                assertEquals("angry", first.get("label").asText(), first.toString());
            }
            RefAnnotation review = (RefAnnotation) doc.tier(SuggestionTiers.REVIEW).orElseThrow().annotations().get(0);
            assertEquals("unreviewed", review.value());
        }
    }
}
