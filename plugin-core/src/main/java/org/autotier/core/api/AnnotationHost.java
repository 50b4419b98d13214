package org.autotier.core.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.autotier.model.eaf.EafDocument;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * What an annotation tool offers autotier: implemented by the host (ELAN-like editor, the test
 * host, ...) and passed to autotier's actions. autotier only ever reads the document and hands
 * back a changed copy in which nothing but autotier's own tiers differ.
 */
@ConsumerType
public interface AnnotationHost {

    /** Severity of a message shown to the user. */
    enum Level { INFO, WARNING, ERROR }

    /** The open document. */
    EafDocument document();

    /** Where the document is saved, if it is. */
    Optional<Path> documentPath();

    /** The document's media files, first the one autotier should analyse. */
    List<Path> mediaFiles();

    /** The playback position. */
    long playbackPositionMs();

    /** Moves playback to {@code timeMs} (the review panel seeks to the selected segment). */
    void seek(long timeMs);

    /**
     * Replaces the open document with {@code updated}, in which only the tiers named in
     * {@code changedTiers} (all autotier's) differ. The host may ask the user, add it to its undo
     * history, and save.
     */
    void replaceDocument(EafDocument updated, List<String> changedTiers);

    /** Shows progress of a long task, from 0 to 1; a host without a progress display may ignore it. */
    default void progress(String task, double fraction) {
    }

    void showMessage(Level level, String message);
}
