package org.autotier.core.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.autotier.core.testing.MediaFixtures;
import org.autotier.model.eaf.EafEditor;
import org.autotier.model.eaf.LinguisticType;
import org.autotier.model.eaf.MediaDescriptor;
import org.autotier.model.eaf.Tier;
import org.autotier.model.eaf.io.EafWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lab's own corpus (--layout eaf): one recording per child with an EAF beside it, three
 * annotators' emotion tiers. Each emotion is a different pitch, so a working pipeline learns it.
 * Every fourth segment the third annotator disagrees; every seventh the second one does too.
 */
class EafCorpusTrainTest {
    private static final List<String> EMOTIONS = List.of("anger", "joy", "neutral", "sadness");
    private static final int SEGMENTS = 16;

    @TempDir
    static Path tmp;

    static Path corpus;

    @BeforeAll
    static void makeCorpus() throws Exception {
        corpus = Files.createDirectories(tmp.resolve("lab"));
        Random r = new Random(2);
        for (int child = 1; child <= 6; child++) {
            short[] s = new short[16_000 * SEGMENTS * 2];
            EafEditor ed = EafEditor.create("lab");
            ed.addMediaDescriptor(new MediaDescriptor("file:///elsewhere/child" + child + ".wav",
                    "./child" + child + ".wav", "audio/x-wav", null, null));
            ed.putLinguisticType(new LinguisticType("emotion", true, null, false, null, null, null));
            for (String a : List.of("ann1", "ann2", "ann3")) {
                ed.addTier(Tier.of(a, "emotion", null).withParticipant("child" + child).withAnnotator(a));
            }
            for (int k = 0; k < SEGMENTS; k++) {
                int e = (k + child) % EMOTIONS.size();
                double f = 180 * (e + 1) * (1 + 0.03 * child);
                long start = k * 2000L + 300;
                for (int i = (int) (start * 16); i < (start + 1400) * 16; i++) {
                    s[i] = (short) (7000 * Math.sin(2 * Math.PI * f * i / 16_000) + 300 * r.nextGaussian());
                }
                String label = EMOTIONS.get(e);
                String other = EMOTIONS.get((e + 1) % EMOTIONS.size());
                ed.addAlignable("ann1", start, start + 1400, label);
                ed.addAlignable("ann2", start, start + 1400, k % 7 == 3 ? other : label);
                ed.addAlignable("ann3", start + 20, start + 1390, k % 4 == 1 ? other : label);
            }
            MediaFixtures.wav(corpus.resolve("child" + child + ".wav"), s, 0);
            EafWriter.write(ed.build(), corpus.resolve("child" + child + ".eaf"));
        }
    }

    @Test
    void agreementPoliciesKeepTheRightSegments() throws IOException {
        List<String> tiers = List.of("ann1", "ann2", "ann3");
        EafCorpus.Scan unanimous = EafCorpus.scan(corpus, tiers, EafCorpus.Agreement.UNANIMOUS, LabelSet.SEED002_4);
        EafCorpus.Scan majority = EafCorpus.scan(corpus, tiers, EafCorpus.Agreement.MAJORITY, LabelSet.SEED002_4);
        // per child: k % 4 == 1 -> 4 segments (1, 5, 9, 13); k % 7 == 3 -> 2 (3, 10); none both
        assertEquals(6 * SEGMENTS, unanimous.candidates());
        assertEquals(6 * (SEGMENTS - 6), unanimous.samples().size());
        assertEquals(6 * SEGMENTS, majority.samples().size(), "two of three always agree here");
        Sample first = unanimous.samples().get(0);
        assertEquals("child1", first.speaker(), "the tier's participant");
        assertEquals(corpus.resolve("child1.wav").toAbsolutePath().normalize(), first.media());
        assertEquals(300, first.startMs());
        assertEquals(1700, first.endMs());
        // RAVDESS names for the same emotions: anger = angry, joy = happy, sadness = sad
        EafCorpus.Scan ravdess = EafCorpus.scan(corpus, tiers, EafCorpus.Agreement.MAJORITY, LabelSet.RAVDESS8);
        assertEquals(6 * SEGMENTS, ravdess.samples().size());
        assertEquals(List.of("angry", "happy", "neutral", "sad"), ravdess.samples().stream()
                .map(x -> LabelSet.RAVDESS8.labels().get(x.label())).distinct().sorted().toList());
        EafCorpus.Scan sixBasic = EafCorpus.scan(corpus, tiers, EafCorpus.Agreement.MAJORITY, LabelSet.SEED000_6);
        assertEquals(6 * SEGMENTS / 4, sixBasic.unknownLabels(), "seed 000's six have no neutral");
        IOException missing = assertThrows(IOException.class,
                () -> EafCorpus.scan(corpus, List.of("ann9"), EafCorpus.Agreement.MAJORITY, LabelSet.SEED002_4));
        assertTrue(missing.getMessage().contains("no tier \"ann9\""), missing.getMessage());
    }

    @Test
    void trainsEvaluatesAndFineTunesOnALabsOwnEafCorpus() throws Exception {
        Path model = tmp.resolve("model");
        String[] data = {"--corpus", corpus.toString(), "--layout", "eaf", "--tier", "ann1", "--tier", "ann2",
            "--tier", "ann3", "--agreement", "MAJORITY"};
        String[] labels = {"--labels", "seed002-4"};
        var run = org.autotier.core.cli.CliProbe.run(concat(new String[] {"train"}, data, labels, new String[] {"--folds", "3",
            "--epochs", "20", "--batch", "8", "-o", model.toString()}));
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains("96 labelled segment(s) of 96"), run.err());
        JsonNode card = new ObjectMapper().readTree(model.resolve("model.json").toFile());
        assertEquals(EMOTIONS.toString(), card.get("labels").toString().replace("\"", "").replace(",", ", "));
        assertEquals("eaf", card.get("provenance").get("layout").asText());

        var eval = org.autotier.core.cli.CliProbe.run(concat(new String[] {"evaluate"}, data,
                new String[] {"--model", model.toString(), "--json", "--plots", tmp.resolve("plots").toString()}));
        assertEquals(0, eval.exitCode(), eval.err());
        JsonNode m = new ObjectMapper().readTree(eval.out());
        System.out.println("synthetic EAF lab corpus, unseen children: WA " + m.get("wa"));
        assertTrue(m.get("wa").asDouble() >= 0.5, "pitch separates the classes: " + m.get("wa"));

        Path tuned = tmp.resolve("tuned");
        var ft = org.autotier.core.cli.CliProbe.run(concat(new String[] {"train"}, data, labels, new String[] {"--folds", "3",
            "--epochs", "1", "--batch", "8", "--learning-rate", "1e-7", "--init", model.toString(),
            "-o", tuned.toString()}));
        assertEquals(0, ft.exitCode(), ft.err());
        assertTrue(ft.err().contains("fine-tuning from " + model), ft.err());
        JsonNode tc = new ObjectMapper().readTree(tuned.resolve("model.json").toFile());
        assertTrue(tc.get("provenance").get("layout").asText().startsWith("eaf (fine-tuned from "), tc.toString());
        assertEquals(card.get("normalizationMean"), tc.get("normalizationMean"), "the base model's normalisation");
        double tunedWa = tc.get("provenance").get("metrics").get("waMean").asDouble();
        System.out.println("after one fine-tuning epoch at lr 1e-7: mean WA " + tunedWa);
        // one epoch at a learning rate that cannot learn anything: only the base weights can score
        assertTrue(tunedWa >= 0.9 * m.get("wa").asDouble(), "fine-tuning starts from the trained weights: " + tunedWa);

        var wrong = org.autotier.core.cli.CliProbe.run("train", "--corpus", corpus.toString(), "--layout", "eaf",
                "--tier", "ann1", "--labels", "ravdess8", "--init", model.toString(), "-o", tmp.resolve("x").toString());
        assertEquals(1, wrong.exitCode());
        assertTrue(wrong.err().contains("cannot fine-tune from it"), wrong.err());
    }

    private static String[] concat(String[]... parts) {
        return java.util.Arrays.stream(parts).flatMap(java.util.Arrays::stream).toArray(String[]::new);
    }

    @Test
    void aVideoCorpusTrainsTheFusedModelOnFaceEmbeddingsAndRunUsesIt() throws Exception {
        List<Path> clips = gridClips();
        Path av = Files.createDirectories(tmp.resolve("av-lab"));
        // labels made up for the test (GRID is not emotional speech): the point is the plumbing
        for (int i = 0; i < clips.size(); i++) {
            String label = i % 2 == 0 ? "joy" : "anger";
            session(av, i, clips.get(i), List.of(new long[] {500, 2500}), k -> label);
        }
        Path model = tmp.resolve("av-model");
        var run = org.autotier.core.cli.CliProbe.run("train", "--corpus", av.toString(), "--layout", "eaf", "--tier",
                "ann1", "--labels", "seed002-4", "--fusion", "head", "--folds", "3", "--epochs", "2", "--batch", "2",
                "-o", model.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains(clips.size() + " of " + clips.size() + " samples have face frames"), run.err());
        JsonNode card = new ObjectMapper().readTree(model.resolve("model.json").toFile());
        assertEquals("fused", card.get("head").asText(), "video trains the fused head");
        assertEquals(256, card.get("visualDim").asInt(), "on face-api's 256-d face embeddings");

        var eval = org.autotier.core.cli.CliProbe.run("evaluate", "--corpus", av.toString(), "--layout", "eaf",
                "--tier", "ann1", "--model", model.toString(), "--json", "--plots", tmp.resolve("av-plots").toString());
        assertEquals(0, eval.exitCode(), eval.err());
        double fold0 = card.get("provenance").get("metrics").get("perFold").get(0).get("wa").asDouble();
        assertEquals(fold0, new ObjectMapper().readTree(eval.out()).get("wa").asDouble(), 1e-9,
                "evaluate rebuilds the face features and reproduces fold 0");

        Path eaf = tmp.resolve("av-run.eaf");
        var suggest = org.autotier.core.cli.CliProbe.run("run", clips.get(0).toString(), "-o", eaf.toString(),
                "--model", model.toString());
        assertEquals(0, suggest.exitCode(), suggest.err());
        JsonNode first = new ObjectMapper().readTree(org.autotier.core.suggest.Sidecars.jsonFor(eaf).toFile())
                .get("suggestions").get(0);
        assertTrue(List.of("anger", "joy", "neutral", "sadness").contains(first.get("label").asText()), first.toString());
        assertTrue(first.get("faceFrames").asInt() > 5, first.toString());
    }

    /**
     * Session {@code i} of a made-up lab corpus over a GRID clip: child {@code i % 3} on tier ann1,
     * annotation k over {@code spans.get(k)} with {@code label.apply(k)} (the labels matter to the
     * plumbing only: GRID is neutral read speech).
     */
    private static void session(Path dir, int i, Path clip, List<long[]> spans,
            java.util.function.IntFunction<String> label) throws IOException {
        EafEditor ed = EafEditor.create("lab");
        ed.addMediaDescriptor(new MediaDescriptor(clip.toUri().toString(), null, "video/mpeg", null, null));
        ed.putLinguisticType(new LinguisticType("emotion", true, null, false, null, null, null));
        ed.addTier(Tier.of("ann1", "emotion", null).withParticipant("child" + (i % 3)));
        for (int k = 0; k < spans.size(); k++) {
            ed.addAlignable("ann1", spans.get(k)[0], spans.get(k)[1], label.apply(k));
        }
        EafWriter.write(ed.build(), dir.resolve("session" + i + ".eaf"));
    }

    /** The GRID talking-face clips of ../shared/data; the test is skipped without them. */
    private static List<Path> gridClips() throws IOException {
        Path grid = org.autotier.core.testing.MediaFixtures.sharedData().map(d -> d.resolve("av-clips/grid"))
                .filter(Files::isDirectory).orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(grid != null, "../shared/data is not present");
        try (var files = Files.list(grid)) {
            return files.filter(p -> p.toString().endsWith(".mpg")).sorted().toList();
        }
    }

    @Test
    void byDefaultAVideoCorpusTrainsTheAudioNetworkAndFitsTheFacesWeightWhichRunApplies() throws Exception {
        List<Path> clips = gridClips();
        Path av = Files.createDirectories(tmp.resolve("av-late"));
        // three one-second segments a clip, three "children": each validation speaker has 9 or 12
        // segments with a face, enough to fit the weight (labels made up; GRID is neutral speech)
        for (int i = 0; i < clips.size(); i++) {
            int clip = i;
            session(av, i, clips.get(i), List.of(new long[] {100, 1000}, new long[] {1050, 1950},
                    new long[] {2000, 2900}), k -> (clip + k) % 3 == 0 ? "joy" : "neutral");
        }
        Path model = tmp.resolve("av-late-model");
        var run = org.autotier.core.cli.CliProbe.run("train", "--corpus", av.toString(), "--layout", "eaf", "--tier",
                "ann1", "--labels", "seed002-4", "--folds", "3", "--epochs", "2", "--batch", "4", "-o",
                model.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains("fitting the face's weight in late fusion"), run.err());
        JsonNode card = new ObjectMapper().readTree(model.resolve("model.json").toFile());
        assertEquals("audio", card.get("head").asText(), "the network hears the audio only");
        assertEquals(7, card.get("visualDim").asInt());
        JsonNode late = card.get("lateFusion");
        assertTrue(late != null && late.get("withFace").asInt()
                >= org.autotier.core.suggest.ReliabilityFusion.MIN_SEGMENTS_WITH_FACE, card.toString());
        double w = late.get("faceWeight").asDouble();
        assertTrue(w >= 0 && w <= org.autotier.core.suggest.ReliabilityFusion.MAX_FITTED_WEIGHT, late.toString());
        assertTrue(late.get("nll").asDouble() <= Math.min(late.get("nllAudioOnly").asDouble(),
                late.get("nllUnitWeight").asDouble()) + 1e-9, "the fit is the best of the weights it tried: " + late);
        JsonNode fold0 = card.get("provenance").get("metrics").get("perFold").get(0).get("lateFusion");
        assertEquals(w, fold0.get("faceWeight").asDouble(), 1e-12, "the card's weight is fold 0's");
        assertTrue(fold0.get("testSegmentsWithFace").asInt() > 0 && fold0.has("fittedUa"), fold0.toString());

        // run applies the fitted weight times --face-weight: 0 ignores the face whatever was fitted
        Path withFace = tmp.resolve("late-run.eaf");
        Path without = tmp.resolve("late-run-no-face.eaf");
        var a = org.autotier.core.cli.CliProbe.run("run", clips.get(0).toString(), "-o", withFace.toString(),
                "--model", model.toString());
        var b = org.autotier.core.cli.CliProbe.run("run", clips.get(0).toString(), "-o", without.toString(),
                "--model", model.toString(), "--face-weight", "0");
        assertEquals(0, a.exitCode(), a.err());
        assertEquals(0, b.exitCode(), b.err());
        JsonNode sa = new ObjectMapper().readTree(org.autotier.core.suggest.Sidecars.jsonFor(withFace).toFile())
                .get("suggestions").get(0);
        JsonNode sb = new ObjectMapper().readTree(org.autotier.core.suggest.Sidecars.jsonFor(without).toFile())
                .get("suggestions").get(0);
        assertTrue(sa.get("faceFrames").asInt() > 5, sa.toString());
        if (w > 0) {
            assertTrue(Math.abs(sa.get("confidence").asDouble() - sb.get("confidence").asDouble()) > 1e-6
                    || !sa.get("label").equals(sb.get("label")), "a fitted weight > 0 lets the face move the "
                    + "suggestion: " + sa + " against " + sb);
        }
    }
}
