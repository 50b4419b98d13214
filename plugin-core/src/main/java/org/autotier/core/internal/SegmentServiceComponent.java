package org.autotier.core.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.DoubleConsumer;
import org.autotier.core.api.SegmentService;
import org.autotier.model.eaf.EafDocument;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@link SegmentService} with the default parameters (docs/segmentation.md), run by the
 * engine the Isolation setting picks ({@link PipelineWorkers}).
 */
@Component(service = SegmentService.class)
public final class SegmentServiceComponent implements SegmentService {
    private final PipelineWorkers workers;

    @Activate
    public SegmentServiceComponent(@Reference PipelineWorkers workers) {
        this.workers = workers;
    }

    @Override
    public EafDocument segment(Path media, EafDocument into, Path eafPath, DoubleConsumer progress) throws IOException {
        return workers.engine().segment(media, into, eafPath, progress == null ? p -> { } : progress);
    }
}
