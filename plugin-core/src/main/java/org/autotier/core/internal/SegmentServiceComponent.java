package org.autotier.core.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.DoubleConsumer;
import org.autotier.core.api.SegmentService;
import org.autotier.core.face.BlazeFaceDetector;
import org.autotier.core.segment.SegmentParams;
import org.autotier.core.segment.SegmentationPipeline;
import org.autotier.core.segment.SegmentationResult;
import org.autotier.core.tiers.SegmentTierWriter;
import org.autotier.core.vad.VadParams;
import org.autotier.model.eaf.EafDocument;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/** The {@link SegmentService} with the default parameters (docs/segmentation.md). */
@Component(service = SegmentService.class)
public final class SegmentServiceComponent implements SegmentService {

    private final String version;

    @Activate
    public SegmentServiceComponent(BundleContext context) {
        this.version = context.getBundle().getVersion().toString();
    }

    @Override
    public EafDocument segment(Path media, EafDocument into, Path eafPath, DoubleConsumer progress) throws IOException {
        SegmentationResult r = new SegmentationPipeline(VadParams.DEFAULTS, SegmentParams.DEFAULTS,
                BlazeFaceDetector.Variant.FRONT_128).run(media, progress == null ? p -> { } : progress);
        return SegmentTierWriter.write(into, r, VadParams.DEFAULTS, eafPath, version);
    }
}
