package org.autotier.core.worker;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleConsumer;
import org.autotier.core.api.AutoSuggestService;
import org.autotier.model.eaf.EafDocument;

/**
 * Runs the media and model pipeline for the OSGi services: in the host's own process
 * ({@link LocalEngine}) or in a child JVM that a native crash cannot take the host down with
 * ({@link ChildEngine}). One request at a time; callers wait their turn.
 */
public interface Engine extends AutoCloseable {

    /**
     * Auto-suggests one recording; writes the JSON and CSV sidecars beside {@code request.eafPath()}
     * when its folder exists.
     *
     * @param cancelled polled while the job runs; true stops it with a CancellationException
     */
    AutoSuggestService.Result suggest(AutoSuggestService.Request request, PipelineSettings settings,
            DoubleConsumer progress, BooleanSupplier cancelled) throws IOException;

    /** Segments one recording with the default parameters (SegmentService). */
    EafDocument segment(Path media, EafDocument into, Path eafPath, DoubleConsumer progress) throws IOException;

    /** Releases the models (in process) or ends the child. */
    @Override
    void close();
}
