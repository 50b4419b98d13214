package org.autotier.core.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The emodb and folders layouts and how corpus labels map onto a model's labels. */
class CorpusLayoutsTest {

    private static Path touch(Path p) throws Exception {
        Files.createDirectories(p.getParent());
        return Files.write(p, new byte[] {0});
    }

    @Test
    void emoDbNamesGiveSpeakerAndEmotionAndBoredomIsLeftOut(@TempDir Path dir) throws Exception {
        for (String n : List.of("03a01Wa.wav", "03a01Fa.wav", "08b02Ta.wav", "10a04Ad.wav", "11b09Nc.wav", "12a05Ea.wav",
                "13a02Lb.wav", "14a02Lc.wav", "README.txt", "03a01Xa.wav")) {
            touch(dir.resolve(n));
        }
        CorpusLayouts.Scan s = CorpusLayouts.emoDb(dir, LabelSet.RAVDESS8, CorpusLabelMap.DEFAULT);
        Map<String, String> got = new java.util.TreeMap<>();
        for (Sample x : s.samples()) {
            got.put(x.media().getFileName().toString(), x.speaker() + " " + LabelSet.RAVDESS8.labels().get(x.label()));
        }
        assertEquals(Map.of("03a01Wa.wav", "emodb03 angry", "03a01Fa.wav", "emodb03 happy", "08b02Ta.wav",
                "emodb08 sad", "10a04Ad.wav", "emodb10 fearful", "11b09Nc.wav", "emodb11 neutral", "12a05Ea.wav",
                "emodb12 disgust"), got);
        assertEquals(Map.of("boredom", 2), s.leftOut(), "no counterpart in RAVDESS's labels: left out and counted");
        assertTrue(s.samples().stream().allMatch(x -> x.corpus().equals(dir.getFileName().toString())));
    }

    @Test
    void foldersMapSynonymsAndCalmBecomesNeutralWhereThereIsNoCalm(@TempDir Path dir) throws Exception {
        touch(dir.resolve("anger/spk1/a.wav"));
        touch(dir.resolve("Happiness/spk1/b.mp4"));
        touch(dir.resolve("fear/c.flac"));
        touch(dir.resolve("calm/d.wav"));
        touch(dir.resolve("boredom/e.wav"));
        touch(dir.resolve("anger/notes.txt"));
        CorpusLayouts.Scan s = CorpusLayouts.folders(dir, LabelSet.SEED002_4, CorpusLabelMap.DEFAULT);
        Map<String, String> got = new java.util.TreeMap<>();
        for (Sample x : s.samples()) {
            got.put(x.media().getFileName().toString(), x.speaker() + " " + LabelSet.SEED002_4.labels().get(x.label()));
        }
        String c = dir.getFileName().toString();
        assertEquals(Map.of("a.wav", c + "/spk1 anger", "b.mp4", c + "/spk1 joy", "d.wav", c + "/calm/d neutral"),
                got);
        assertEquals(Map.of("boredom", 1, "fear", 1), s.leftOut());
        // with RAVDESS's eight labels, calm stays calm and fear is fearful
        CorpusLayouts.Scan r = CorpusLayouts.folders(dir, LabelSet.RAVDESS8, CorpusLabelMap.DEFAULT);
        assertEquals(List.of("angry", "calm", "fearful", "happy"), r.samples().stream()
                .map(x -> LabelSet.RAVDESS8.labels().get(x.label())).sorted().toList());
    }

    @Test
    void aMappingFileOverridesTheDefaultsAndCanLeaveLabelsOut(@TempDir Path dir) throws Exception {
        touch(dir.resolve("boredom/a.wav"));
        touch(dir.resolve("anger/b.wav"));
        touch(dir.resolve("frustration/c.wav"));
        Path map = Files.writeString(dir.resolve("map.txt"),
                "# lab mapping\nboredom = calm\nfrustration=angry\nanger =\n");
        Files.move(map, dir.getParent().resolve("map-" + dir.getFileName() + ".txt"));
        CorpusLabelMap m = CorpusLabelMap.read(dir.getParent().resolve("map-" + dir.getFileName() + ".txt"));
        CorpusLayouts.Scan s = CorpusLayouts.folders(dir, LabelSet.RAVDESS8, m);
        assertEquals(List.of("angry", "calm"), s.samples().stream().map(x -> LabelSet.RAVDESS8.labels().get(x.label()))
                .sorted().toList());
        assertEquals(Map.of("anger", 1), s.leftOut());
        Path bad = Files.writeString(dir.getParent().resolve("bad-" + dir.getFileName() + ".txt"), "boredom calm\n");
        var e = assertThrows(java.io.IOException.class, () -> CorpusLabelMap.read(bad));
        assertTrue(e.getMessage().contains(bad.toString()) && e.getMessage().contains(":1:"), e.getMessage());
        var unknown = new CorpusLabelMap(Map.of("anger", "furious"));
        var e2 = assertThrows(IllegalArgumentException.class, () -> unknown.indexOf("anger", LabelSet.RAVDESS8));
        assertTrue(e2.getMessage().contains("furious"), e2.getMessage());
    }

    @Test
    void aMappingFileAlsoReachesRavdessNames(@TempDir Path dir) throws Exception {
        // neutral, calm, surprised of actor 01: evaluating a model as if RAVDESS had EmoDB's labels
        for (String n : List.of("03-01-01-01-01-01-01.wav", "03-01-02-01-01-01-01.wav", "03-01-08-01-01-01-01.wav")) {
            touch(dir.resolve("Actor_01/" + n));
        }
        CorpusLabelMap m = new CorpusLabelMap(Map.of("calm", "neutral", "surprised", ""));
        assertEquals(List.of("neutral", "neutral"), RavdessCorpus.scan(dir, LabelSet.RAVDESS8, m).stream()
                .map(x -> LabelSet.RAVDESS8.labels().get(x.label())).toList());
        assertEquals(List.of("neutral", "calm", "surprised"), RavdessCorpus.scan(dir, LabelSet.RAVDESS8,
                CorpusLabelMap.DEFAULT).stream().map(x -> LabelSet.RAVDESS8.labels().get(x.label())).toList());
    }

    @Test
    void emptyOrWrongFoldersSayWhatIsMissing(@TempDir Path dir) throws Exception {
        touch(dir.resolve("x.wav"));
        var e = assertThrows(java.io.IOException.class, () -> CorpusLayouts.emoDb(dir, LabelSet.RAVDESS8,
                CorpusLabelMap.DEFAULT));
        assertTrue(e.getMessage().contains("EmoDB"), e.getMessage());
        var f = assertThrows(java.io.IOException.class, () -> CorpusLayouts.folders(dir.resolve("missing"),
                LabelSet.RAVDESS8, CorpusLabelMap.DEFAULT));
        assertTrue(f.getMessage().contains("not a folder"), f.getMessage());
    }

    @Test
    void evaluationCountsCalmAsNeutralOnACorpusWithoutCalm() {
        // EmoDB-like truth (no calm, no surprised): a calm prediction of a neutral clip is right,
        // a surprised prediction is wrong
        List<String> labels = LabelSet.RAVDESS8.labels();
        double[][] logits = {{0, 3, 0, 0, 0, 0, 0, 0}, {0, 0, 0, 0, 0, 0, 0, 3}, {0, 0, 0, 0, 3, 0, 0, 0}};
        List<FeatureTable.Clip> clips = List.of(new FeatureTable.Clip(new float[1][1], 0, "a"),
                new FeatureTable.Clip(new float[1][1], 0, "a"), new FeatureTable.Clip(new float[1][1], 4, "a"));
        Evaluation.Report r = Evaluation.score(logits, clips, labels, 1);
        assertEquals(2.0 / 3, r.metrics().weightedAccuracy(), 1e-9);
        assertEquals(0.5 * (0.5 + 1), r.metrics().unweightedAccuracy(), 1e-9, "UA over the corpus's classes only");
    }
}
