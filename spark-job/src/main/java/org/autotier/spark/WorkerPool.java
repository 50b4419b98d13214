package org.autotier.spark;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * The analysis processes of one executor JVM, kept warm between tasks: each loads the models once
 * and serves one task at a time, so an executor running N tasks at once has at most N of them.
 * They end with the JVM (a hook closes them; if the JVM is killed, each notices its parent is gone
 * and stops).
 */
final class WorkerPool {
    /** Idle processes by what they were started with (threads, GPU, options). */
    private static final Map<String, Deque<RunWorker>> IDLE = new ConcurrentHashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(WorkerPool::closeAll, "autotier-workers-shutdown"));
    }

    private WorkerPool() {
    }

    /** An idle process started the same way, or a new one. */
    static RunWorker borrow(JobSettings s, int threads, String gpu) throws IOException {
        Deque<RunWorker> idle = IDLE.computeIfAbsent(key(s, threads, gpu), k -> new ConcurrentLinkedDeque<>());
        for (RunWorker w; (w = idle.pollFirst()) != null; ) {
            if (w.alive()) {
                return w;
            }
            w.close();
        }
        return RunWorker.start(AppHome.get(), s.workerJavaOptions(), s.runOptions(), threads, gpu);
    }

    /** Back to the pool after a task; a process that died is dropped. */
    static void release(JobSettings s, int threads, String gpu, RunWorker w) {
        if (w.alive()) {
            IDLE.computeIfAbsent(key(s, threads, gpu), k -> new ConcurrentLinkedDeque<>()).addFirst(w);
        } else {
            w.close();
        }
    }

    private static String key(JobSettings s, int threads, String gpu) {
        return threads + "|" + gpu + "|" + s.workerJavaOptions() + "|" + s.runOptions();
    }

    static void closeAll() {
        List<RunWorker> all = new ArrayList<>();
        for (Deque<RunWorker> d : IDLE.values()) {
            for (RunWorker w; (w = d.pollFirst()) != null; ) {
                all.add(w);
            }
        }
        all.parallelStream().forEach(RunWorker::close);
    }
}
