package org.autotier.core.cli;

/**
 * What {@code autotier run-worker} and its parent (a Spark executor) say to each other: JSON
 * lines over the worker's stdin and stdout, never a socket. Needs nothing but the JDK, so the
 * Spark job carries this class without the rest of autotier.
 *
 * <pre>
 * parent → worker: {"id":1,"media":"/abs/in.mp4","target":"/abs/out/in.eaf"}   (the target's folder exists;
 *                  end of stdin: the worker exits)
 * worker → parent: {"event":"ready","pid":…,"autotier":"0.1.0"}
 *                  {"event":"done","id":1,"segments":4,"flagged":1,"audioOnly":false,"durationMs":…,"seconds":2.1}
 *                  {"event":"failed","id":1,"message":"in.mp4: not a media file …"}
 *                  {"event":"unavailable","message":…}   (the models could not be loaded; the worker exits)
 * </pre>
 *
 * The worker's own lines start with {@link #PREFIX}: whatever a native library prints to stdout
 * is told apart and ignored. The target's EAF, {@code .autotier.json} and {@code .autotier.csv}
 * are written exactly as {@code autotier run --out-dir} writes them, the EAF last.
 */
public final class RunWorkerProtocol {
    /** The hidden command that serves requests. */
    public static final String COMMAND = "run-worker";
    /** Starts every line the worker writes for its parent. */
    public static final String PREFIX = "@autotier-run-worker ";

    private RunWorkerProtocol() {
    }
}
