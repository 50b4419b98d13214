package org.autotier.spark;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;
import static org.apache.spark.sql.types.DataTypes.createMapType;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * The two Parquet tables of a run (docs/spark.md): {@code recordings/}, one row per recording, and
 * {@code suggestions/}, one row per suggestion. Both are made from what {@code autotier run}
 * writes (the JSON sidecar and the task's marker), so a recording done by an earlier run gives the
 * same rows as a fresh one.
 */
final class Tables {
    static final String DONE = "done";
    static final String SKIPPED = "skipped";
    static final String FAILED = "failed";

    private static final org.apache.spark.sql.types.DataType DISTRIBUTION = createMapType(StringType, DoubleType);

    /** One suggestion, as in the JSON sidecar. */
    static final StructType SUGGESTION = new StructType()
            .add("start_ms", LongType, false)
            .add("end_ms", LongType, false)
            .add("track", StringType)
            .add("label", StringType)
            .add("confidence", DoubleType)
            .add("flags", createArrayType(StringType))
            .add("review", StringType)
            .add("distribution", DISTRIBUTION)
            .add("audio", DISTRIBUTION)
            .add("face", DISTRIBUTION)
            .add("out_of_domain", DoubleType)
            .add("audio_only", BooleanType)
            .add("face_frames", IntegerType)
            .add("speech_ms", LongType)
            .add("carried_over", BooleanType);

    /** The recordings table; its rows carry the model and parameters that the suggestion rows repeat. */
    static final StructType RECORDING = new StructType()
            .add("recording", StringType, false)
            .add("media", StringType)
            .add("eaf", StringType)
            .add("status", StringType, false)
            .add("error", StringType)
            .add("duration_s", DoubleType)
            .add("segments", IntegerType)
            .add("flagged", IntegerType)
            .add("audio_only", BooleanType)
            .add("seconds", DoubleType)
            .add("model", StringType)
            .add("autotier_version", StringType)
            .add("parameters", StringType);

    /** What a task returns: its recording's row with its suggestions nested. */
    static final StructType STAGED = RECORDING.add("suggestions", createArrayType(SUGGESTION));

    private Tables() {
    }

    /** The row of a recording whose outputs are complete: its marker and its JSON sidecar. */
    static Row complete(RecordingTask t, String eaf, String status, JsonNode marker, JsonNode sidecar) {
        List<Row> suggestions = new ArrayList<>();
        for (JsonNode s : sidecar.path("suggestions")) {
            suggestions.add(suggestion(s));
        }
        return RowFactory.create(t.recording(), display(t.media()), display(eaf), status, null,
                marker.path("durationMs").asLong() / 1000.0, marker.path("segments").asInt(),
                marker.path("flagged").asInt(), marker.path("audioOnly").asBoolean(), marker.path("seconds").asDouble(),
                text(sidecar.path("model")), text(sidecar.path("autotier")), text(sidecar.path("parameters")),
                seq(suggestions));
    }

    static Row failed(RecordingTask t, String eaf, String error, double seconds) {
        return RowFactory.create(t.recording(), display(t.media()), display(eaf), FAILED, error, null, null, null, null, seconds,
                null, null, null, seq(List.of()));
    }

    private static Row suggestion(JsonNode s) {
        List<String> flags = new ArrayList<>();
        s.path("flags").forEach(f -> flags.add(f.asText()));
        return RowFactory.create(s.path("startMs").asLong(), s.path("endMs").asLong(), text(s.path("track")),
                text(s.path("label")), number(s.path("confidence")), seq(flags), text(s.path("review")),
                distribution(s.path("distribution")), distribution(s.path("audio")), distribution(s.path("face")),
                number(s.path("outOfDomain")), s.has("audioOnly") ? s.path("audioOnly").asBoolean() : null,
                s.has("faceFrames") ? s.path("faceFrames").asInt() : null,
                s.has("speechMs") ? s.path("speechMs").asLong() : null, s.path("carriedOver").asBoolean(false));
    }

    /** A path as users write it: plain for the local file system ({@code /data/a.mp4}), else its URI. */
    static String display(String hadoopPath) {
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(hadoopPath);
        return "file".equals(p.toUri().getScheme()) ? p.toUri().getPath() : hadoopPath;
    }

    private static String text(JsonNode n) {
        return n.isMissingNode() || n.isNull() ? null : n.asText();
    }

    private static Double number(JsonNode n) {
        return n.isNumber() ? n.asDouble() : null;
    }

    @SuppressWarnings("deprecation")
    private static scala.collection.Map<String, Double> distribution(JsonNode n) {
        if (!n.isObject()) {
            return null;
        }
        Map<String, Double> m = new LinkedHashMap<>();
        n.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asDouble()));
        return scala.collection.JavaConverters.mapAsScalaMap(m);
    }

    /** Spark's row encoder takes Scala collections for array columns (and maps, above). */
    @SuppressWarnings("deprecation") // JavaConverters: the one converter both Scala 2.12 and 2.13 have
    private static <T> scala.collection.Seq<T> seq(List<T> list) {
        return scala.collection.JavaConverters.asScalaBuffer(list);
    }
}
