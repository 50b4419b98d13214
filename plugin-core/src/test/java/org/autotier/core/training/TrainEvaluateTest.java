package org.autotier.core.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.autotier.core.testing.MediaFixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `train` and `evaluate` end to end on a small corpus made here: RAVDESS-named clips of six
 * "speakers" in which each emotion is a different pitch, so a working pipeline must learn it.
 */
class TrainEvaluateTest {

    @TempDir
    static Path tmp;

    static Path corpus;
    /** Two more speakers, in a corpus of their own: the cross-corpus test none of the folds trains on. */
    static Path other;

    @BeforeAll
    static void makeCorpus() throws Exception {
        corpus = Files.createDirectories(tmp.resolve("corpus"));
        other = Files.createDirectories(tmp.resolve("other"));
        Random r = new Random(1);
        for (int actor = 1; actor <= 8; actor++) {
            Path dir = Files.createDirectories((actor <= 6 ? corpus : other).resolve(String.format("Actor_%02d", actor)));
            for (int emotion = 1; emotion <= 8; emotion++) {
                for (int rep = 1; rep <= 2; rep++) {
                    short[] s = new short[16_000];
                    double f = 150 * emotion * (1 + 0.03 * actor);
                    for (int i = 4000; i < 12_000; i++) {
                        s[i] = (short) (7000 * Math.sin(2 * Math.PI * f * i / 16_000) + 300 * r.nextGaussian());
                    }
                    MediaFixtures.wav(dir.resolve(String.format("03-01-%02d-01-01-%02d-%02d.wav", emotion, rep, actor)),
                            s, 0);
                }
            }
        }
    }

    @Test
    void trainSavesAModelWithItsCardAndEvaluateReproducesItsFigures() throws Exception {
        Path model = tmp.resolve("model");
        var run = org.autotier.core.cli.CliProbe.run("train", "--corpus", corpus.toString(), "--layout", "ravdess",
                "--folds", "3", "--epochs", "25", "--batch", "8", "--test-corpus", other.toString(), "--test-layout",
                "ravdess", "-o", model.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("3-fold speaker-independent: WA"), run.out());
        assertTrue(Files.isRegularFile(model.resolve("model.json")));
        assertTrue(Files.isRegularFile(model.resolve("cmaf-0000.params")));
        // the default network (variant B) has an ONNX form: train writes it, and run uses it
        assertTrue(Files.isRegularFile(model.resolve(ModelStore.ONNX)), "train writes model.onnx");
        try (var predictor = org.autotier.core.suggest.EmotionPredictor.open(model, "cpu")) {
            assertTrue(predictor.onnx(), "the model.onnx train wrote is current");
        }
        JsonNode card = new ObjectMapper().readTree(model.resolve("model.json").toFile());
        assertEquals("cmaf", card.get("architecture").asText());
        assertEquals(8, card.get("labels").size());
        assertEquals(103, card.get("features").get("melBands").asInt() + 3 * card.get("features").get("mfcc").asInt());
        assertTrue(card.get("temperature").asDouble() > 0);
        JsonNode prov = card.get("provenance");
        // train's default: the second audio expert on the speaker-relative pitch and voice statistics
        JsonNode expert = card.get("functionals");
        assertTrue(expert != null && !expert.isNull(), "the card carries the second expert");
        assertEquals(FunctionalExpert.VOICE, expert.get("statistics").asText());
        assertEquals(UtteranceFunctionals.PITCH_DIMENSION + UtteranceFunctionals.VOICE_DIMENSION,
                expert.get("mean").size());
        assertEquals("voice", prov.get("config").get("statistics").asText(), "the provenance says which");
        assertEquals(8, expert.get("classifier").get("weights").size());
        double share = expert.get("weight").asDouble();
        assertTrue(share >= 0 && share <= 1, "its share of the combination: " + share);
        assertEquals(2, prov.get("testSpeakers").size());
        assertTrue(prov.get("metrics").get("perFold").size() == 3);
        List<String> seen = new java.util.ArrayList<>();
        prov.get("trainSpeakers").forEach(n -> seen.add(n.asText()));
        prov.get("validationSpeakers").forEach(n -> seen.add(n.asText()));
        prov.get("testSpeakers").forEach(n -> assertTrue(!seen.contains(n.asText()), "speaker-independent"));

        var eval = org.autotier.core.cli.CliProbe.run("evaluate", "--corpus", corpus.toString(), "--layout", "ravdess",
                "--model", model.toString(), "--json", "--plots", tmp.resolve("plots").toString());
        assertEquals(0, eval.exitCode(), eval.err());
        for (String png : List.of("confusion-matrix.png", "reliability.png")) {
            java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(tmp.resolve("plots").resolve(png).toFile());
            assertTrue(img != null && img.getWidth() >= 400 && img.getHeight() >= 400, png);
        }
        JsonNode m = new ObjectMapper().readTree(eval.out());
        assertEquals(32, m.get("samples").asInt(), "only the two unseen speakers: 2 x 8 x 2 clips");
        double fold0 = prov.get("metrics").get("perFold").get(0).get("wa").asDouble();
        assertEquals(fold0, m.get("wa").asDouble(), 1e-9, "evaluate reproduces the card's fold-0 figure");
        // ECE comes with the ECE a perfectly calibrated model would show on as many clips, the same in both
        JsonNode fold0Report = prov.get("metrics").get("perFold").get(0);
        double floor = m.get("eceSamplingFloor").asDouble();
        assertTrue(floor > 0 && floor <= m.get("eceSamplingFloor95").asDouble(), eval.out());
        assertEquals(fold0Report.get("eceSamplingFloor").asDouble(), floor, 1e-9, "seeded, so evaluate agrees");
        // every fold met the other corpus, and so did their ensemble
        JsonNode ensemble = prov.get("metrics").get("crossCorpusFoldEnsemble").get("other");
        assertEquals(32, ensemble.get("samples").asInt(), "2 speakers x 8 emotions x 2 clips: " + prov.get("metrics"));
        prov.get("metrics").get("perFold").forEach(f -> assertEquals(32,
                f.get("crossCorpus").get("other").get("samples").asInt(), "each fold scored the other corpus"));
        assertTrue(run.err().contains("ensemble over 3 folds") || run.out().contains("ensemble over 3 folds"),
                "the log reports the ensemble");
        System.out.println("synthetic pitch corpus, unseen speakers: WA " + m.get("wa"));
        assertTrue(m.get("wa").asDouble() >= 0.5, "pitch separates the classes: " + m.get("wa"));

        // calibrate-domain fits the out-of-domain shrink on the validation speakers and writes it
        byte[] before = Files.readAllBytes(model.resolve("model.json"));
        var dry = org.autotier.core.cli.CliProbe.run("calibrate-domain", "--corpus", corpus.toString(), "--layout",
                "ravdess", "--model", model.toString(), "--copies", "1", "--dry-run");
        assertEquals(0, dry.exitCode(), dry.err());
        assertTrue(dry.out().contains("shrink from"), dry.out());
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(model.resolve("model.json"))), "--dry-run writes nothing");
        var cal = org.autotier.core.cli.CliProbe.run("calibrate-domain", "--corpus", corpus.toString(), "--layout",
                "ravdess", "--model", model.toString(), "--copies", "1");
        assertEquals(0, cal.exitCode(), cal.err());
        assertTrue(cal.err().contains("32 clips of the validation speakers"), cal.err());
        DomainModel domain = ModelStore.readCard(model).domain();
        assertTrue(domain.shrinkFit() != null, "the fit is in model.json");
        assertEquals(32, domain.shrinkFit().clips(), "2 speakers x 8 emotions x 2 clips");
        assertTrue(domain.shrinkTo() <= Math.max(2 * domain.q99(), domain.shrinkFit().nonSpeech()) + 1e-9,
                "complete before sounds that are not speech: " + domain.shrinkFit());
        var again = org.autotier.core.cli.CliProbe.run("evaluate", "--corpus", corpus.toString(), "--layout", "ravdess",
                "--model", model.toString(), "--json", "--plots", tmp.resolve("plots").toString());
        assertEquals(0, again.exitCode(), again.err());
        // without the model's validation speakers there is nothing to fit on, and it says so
        Path others = Files.createDirectories(tmp.resolve("others/Actor_09"));
        Files.copy(corpus.resolve("Actor_01").resolve("03-01-01-01-01-01-01.wav"), others.resolve("03-01-01-01-01-01-09.wav"));
        var none = org.autotier.core.cli.CliProbe.run("calibrate-domain", "--corpus", tmp.resolve("others").toString(),
                "--layout", "ravdess", "--model", model.toString());
        assertEquals(1, none.exitCode(), none.err());
        assertTrue(none.err().contains("validation speakers"), none.err());
    }

    @Test
    void withTheTestSpeakersTrainingTheOtherCorpusIsTheOnlyTestAndVoicesMayChange() throws Exception {
        // the other corpus: two more actors, each emotion a pitch as in the training corpus
        Path other = Files.createDirectories(tmp.resolve("other-corpus"));
        for (int actor = 7; actor <= 8; actor++) {
            Path dir = Files.createDirectories(other.resolve(String.format("Actor_%02d", actor)));
            for (int emotion = 1; emotion <= 8; emotion++) {
                Files.copy(corpus.resolve("Actor_01").resolve(String.format("03-01-%02d-01-01-01-01.wav", emotion)),
                        dir.resolve(String.format("03-01-%02d-01-01-01-%02d.wav", emotion, actor)));
            }
        }
        Path model = tmp.resolve("cross-model");
        var run = org.autotier.core.cli.CliProbe.run("train", "--corpus", corpus.toString(), "--layout", "ravdess",
                "--test-corpus", other.toString(), "--test-layout", "ravdess", "--test-speakers-train",
                "--augment-copies", "1", "--augment-pitch", "--share-voices", "--folds", "3", "--epochs", "3", "--batch", "8",
                "-o", model.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains("pitch and formants -3 to +5 semitones"), "the copies say what they do");
        // 2 validation speakers x 8 emotions x 2 clips, and the same in two more voices
        assertTrue(run.err().contains("the expert fitted on 96 validation clips, 64 of them in other voices"), run.err());
        assertTrue(run.out().contains("cross-corpus, ") && run.out().contains("(16 clips)"), run.out());
        assertFalse(run.out().contains("speaker-independent:"), "no in-corpus figure without in-corpus test speakers");
        assertTrue(run.out().contains("none of the training corpus"), run.out());
        JsonNode prov = new ObjectMapper().readTree(model.resolve("model.json").toFile()).get("provenance");
        assertEquals(0, prov.get("testSpeakers").size());
        List<String> train = new java.util.ArrayList<>();
        prov.get("trainSpeakers").forEach(n -> train.add(n.asText()));
        List<String> validation = new java.util.ArrayList<>();
        prov.get("validationSpeakers").forEach(n -> validation.add(n.asText()));
        assertEquals(4, train.size(), "fold 0's test speakers train beside its training speakers: " + train);
        assertEquals(2, validation.size());
        assertTrue(java.util.Collections.disjoint(train, validation), "validation is still held out");
        assertTrue(prov.get("config").get("augmentPitch").asBoolean(), "the provenance says the copies changed voice");
        assertTrue(prov.get("config").get("shareVoices").asBoolean(), "and that the expert was fitted in more voices");
        assertEquals(1, prov.get("metrics").get("perFold").size(), "fold 0 alone");
    }

    @Test
    void theWindowedQkvArchitectureTrainsSavesAndLoadsToo() throws Exception {
        Path model = tmp.resolve("windowed");
        var run = org.autotier.core.cli.CliProbe.run("train", "--corpus", corpus.toString(), "--layout", "ravdess",
                "--model", "windowed-qkv", "--windows", "10", "--folds", "3", "--epochs", "25", "--batch", "8",
                "-o", model.toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode card = new ObjectMapper().readTree(model.resolve("model.json").toFile());
        assertEquals("windowed-qkv", card.get("architecture").asText());
        assertFalse(Files.exists(model.resolve(ModelStore.ONNX)), "windowed-qkv has no ONNX form: PyTorch runs it");
        assertEquals(10, card.get("attention").asInt(), "the window count");
        var eval = org.autotier.core.cli.CliProbe.run("evaluate", "--corpus", corpus.toString(), "--layout", "ravdess",
                "--model", model.toString(), "--json", "--plots", tmp.resolve("plots-w").toString());
        assertEquals(0, eval.exitCode(), eval.err());
        JsonNode m = new ObjectMapper().readTree(eval.out());
        double fold0 = card.get("provenance").get("metrics").get("perFold").get(0).get("wa").asDouble();
        assertEquals(fold0, m.get("wa").asDouble(), 1e-9, "the saved windowed-qkv model loads and reproduces fold 0");
        System.out.println("synthetic pitch corpus, windowed-qkv, unseen speakers: WA " + m.get("wa"));
        assertTrue(m.get("wa").asDouble() >= 0.5, "pitch separates the classes: " + m.get("wa"));
    }

    @Test
    void anEnsembleTrainsSavesReloadsAndFineTunesAsOneModel() throws Exception {
        Path model = tmp.resolve("ensemble");
        var run = org.autotier.core.cli.CliProbe.run("train", "--corpus", corpus.toString(), "--layout", "ravdess",
                "--members", "2", "--folds", "3", "--first-fold-only", "--epochs", "12", "--batch", "8",
                "-o", model.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains("member 1 epoch") || run.out().contains("member 1 epoch"),
                "both members train: " + run.out());
        JsonNode card = new ObjectMapper().readTree(model.resolve("model.json").toFile());
        assertEquals(2, card.get("provenance").get("config").get("members").asInt());
        var eval = org.autotier.core.cli.CliProbe.run("evaluate", "--corpus", corpus.toString(), "--layout", "ravdess",
                "--model", model.toString(), "--json", "--plots", tmp.resolve("plots-e").toString());
        assertEquals(0, eval.exitCode(), eval.err());
        double fold0 = card.get("provenance").get("metrics").get("perFold").get(0).get("wa").asDouble();
        assertEquals(fold0, new ObjectMapper().readTree(eval.out()).get("wa").asDouble(), 1e-9,
                "the saved ensemble loads and reproduces fold 0: both members' weights are in its one file");

        // fine-tuning an ensemble keeps its members, whatever --members says
        Path tuned = tmp.resolve("ensemble-tuned");
        var tune = org.autotier.core.cli.CliProbe.run("train", "--corpus", corpus.toString(), "--layout", "ravdess",
                "--init", model.toString(), "--folds", "3", "--first-fold-only", "--epochs", "2", "--batch", "8",
                "-o", tuned.toString());
        assertEquals(0, tune.exitCode(), tune.err());
        assertEquals(2, new ObjectMapper().readTree(tuned.resolve("model.json").toFile()).get("provenance")
                .get("config").get("members").asInt());
        assertEquals(Files.size(model.resolve("cmaf-0000.params")), Files.size(tuned.resolve("cmaf-0000.params")));
    }
}
