package org.autotier.core.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleConsumer;

/**
 * The command line's hang guard: recordings are analysed on a thread of the guard's, and one whose
 * progress stands still for too long is given up on, with an error naming it, so that a batch
 * goes on to the next recording. A thread inside native code (a decoder looping on damaged media)
 * cannot be stopped, so it is left behind as a daemon, and the models it may be using are not
 * closed under it ({@link #abandoned()}); the process ends with the batch. The analysis process
 * of the OSGi services has its own watchdog (ChildEngine), which can end its process.
 */
final class StallGuard implements AutoCloseable {
    /** As the analysis process's watchdog (docs/reliability.md, "Hangs"). */
    static final long DEFAULT_STALL_S = org.autotier.core.worker.ChildEngine.DEFAULT_STALL_S;

    /** What a recording's analysis does, given the progress callback the guard watches. */
    interface Analysis<T> {
        T run(DoubleConsumer progress) throws IOException;
    }

    private final long stallNanos;
    private final AtomicInteger abandoned = new AtomicInteger();
    private final AtomicInteger threads = new AtomicInteger();
    private final ThreadLocal<ExecutorService> workers = new ThreadLocal<>();
    private final List<ExecutorService> all = new ArrayList<>();

    StallGuard(long stallMillis) {
        if (stallMillis <= 0) {
            throw new IllegalArgumentException("the stall limit must be positive, not " + stallMillis + " ms");
        }
        this.stallNanos = TimeUnit.MILLISECONDS.toNanos(stallMillis);
    }

    /**
     * Runs {@code analysis} of {@code media} on a daemon thread and waits for it.
     *
     * @throws IOException the analysis's own, or, when it reported no progress for the stall limit,
     *         one that names the recording, how long it stood still and where
     */
    <T> T run(Path media, DoubleConsumer progress, Analysis<T> analysis) throws IOException {
        AtomicLong lastHeard = new AtomicLong(System.nanoTime());
        AtomicLong lastFraction = new AtomicLong(Double.doubleToLongBits(0));
        ExecutorService worker = worker();
        Future<T> result = worker.submit(() -> analysis.run(f -> {
            lastHeard.set(System.nanoTime());
            lastFraction.set(Double.doubleToLongBits(f));
            progress.accept(f);
        }));
        while (true) {
            try {
                return result.get(Math.min(1000, TimeUnit.NANOSECONDS.toMillis(stallNanos)), TimeUnit.MILLISECONDS);
            } catch (TimeoutException still) {
                if (System.nanoTime() - lastHeard.get() > stallNanos) {
                    abandoned.incrementAndGet();
                    worker.shutdown(); // its thread ends if the analysis ever returns
                    workers.remove(); // the next recording gets a thread of its own
                    throw new IOException(String.format(Locale.ROOT, "%s: the analysis made no progress for %.1f s "
                            + "at %.0f%% (a decoder stuck on damaged media?) and was given up; its thread is left "
                            + "behind until autotier exits. If this recording is only slow, raise the limit with "
                            + "--stall-seconds", media, stallNanos / 1e9,
                            100 * Double.longBitsToDouble(lastFraction.get())));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(media + ": interrupted while analysing it", e);
            } catch (ExecutionException e) {
                throw rethrow(media, e.getCause());
            }
        }
    }

    /**
     * Runs {@code task} on the thread that will analyse this caller's recordings, with no time
     * limit: the models are loaded there. PyTorch keeps state per calling thread (its OpenMP team,
     * oneDNN's caches), and a model loaded on one thread and run on another paid for both: about
     * 30 MB more peak RSS on a 5-minute recording (measured while `run` used PyTorch on the CPU; it
     * still does on a GPU).
     */
    <T> T prepare(Callable<T> task) throws Exception {
        try {
            return worker().submit(task).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception x) {
                throw x;
            }
            throw (Error) e.getCause();
        }
    }

    private static RuntimeException rethrow(Path media, Throwable cause) throws IOException {
        if (cause instanceof IOException io) {
            throw io;
        }
        if (cause instanceof RuntimeException r) {
            throw r;
        }
        if (cause instanceof Error x) {
            throw x;
        }
        throw new IOException(media + ": " + cause, cause);
    }

    /** The calling thread's analysis thread: one per caller (the batch's main thread, or each of --jobs). */
    private ExecutorService worker() {
        ExecutorService w = workers.get();
        if (w == null) {
            w = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "autotier-analysis-" + threads.incrementAndGet());
                t.setDaemon(true); // a thread stuck in native code must not keep the process alive
                return t;
            });
            workers.set(w);
            synchronized (all) {
                all.add(w);
            }
        }
        return w;
    }

    /** Lets the analysis threads end (an abandoned one when its analysis returns, if ever). */
    @Override
    public void close() {
        synchronized (all) {
            all.forEach(ExecutorService::shutdown);
        }
    }

    /** How many analyses were given up on, their threads still running. */
    int abandoned() {
        return abandoned.get();
    }
}
