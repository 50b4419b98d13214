package org.autotier.core.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.DoubleConsumer;
import org.autotier.model.eaf.EafDocument;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Finds where someone speaks with their face in view, and returns it as EAF tiers
 * ({@code autotier-speech}, {@code autotier-face}, {@code autotier-speech-face}).
 */
@ProviderType
public interface SegmentService {

    /**
     * Segments one recording.
     *
     * @param media the recording (video or audio)
     * @param into the document to add the tiers to, or null for a new EAF 3.0 document; its own
     *        tiers are kept exactly, autotier's are replaced
     * @param eafPath where the caller will save the document (for the relative media URL)
     * @param progress receives the fraction done, from 0 to 1
     * @return the document with the tiers; nothing is written to disk
     * @throws IOException for media that cannot be used; the message names the file and the cause
     */
    EafDocument segment(Path media, EafDocument into, Path eafPath, DoubleConsumer progress) throws IOException;
}
