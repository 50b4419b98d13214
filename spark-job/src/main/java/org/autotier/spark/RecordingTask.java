package org.autotier.spark;

import java.io.Serializable;

/**
 * One recording of the corpus, as the driver hands it to a task.
 *
 * @param recording its name in the tables: the path under the folder it was found in, or under
 *        the manifest's folder (for a file given directly, its file name)
 * @param media where it is, as a Hadoop path or URI ({@code /data/a.mp4}, {@code hdfs://nn/c/a.mp4})
 * @param eafName where its EAF goes under the output's {@code eaf/} folder ({@code child01/a.eaf})
 */
public record RecordingTask(String recording, String media, String eafName) implements Serializable {
}
