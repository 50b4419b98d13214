package org.autotier.spark;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * What every task needs to know, shipped from the driver with each task.
 *
 * @param outDir the output folder (a Hadoop path or URI)
 * @param overwrite re-run recordings whose outputs are complete (a human's EAF is still merged into, never replaced)
 * @param runOptions the options of {@code autotier run}, passed to the analysis processes as given
 * @param workerJavaOptions JVM options of the analysis processes ({@code spark.autotier.worker.javaOptions})
 * @param stageOutputs write through a local staging folder even on a local file system (as for HDFS or S3A)
 * @param hadoop the driver's Hadoop configuration, so executors reach the same file systems
 */
public record JobSettings(String outDir, boolean overwrite, List<String> runOptions, List<String> workerJavaOptions,
        boolean stageOutputs, Map<String, String> hadoop) implements Serializable {
}
