package org.autotier.it;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.autotier.core.api.AnnotationHost;
import org.autotier.model.eaf.EafDocument;

/** A minimal host annotation tool: one open document and one recording; records what autotier does. */
final class TestHost implements AnnotationHost {
    private volatile EafDocument document;
    private final Path path;
    private final List<Path> media;
    final List<String> messages = Collections.synchronizedList(new ArrayList<>());
    final List<Double> progress = Collections.synchronizedList(new ArrayList<>());
    final CompletableFuture<List<String>> replaced = new CompletableFuture<>();
    final CompletableFuture<String> finished = new CompletableFuture<>();

    TestHost(EafDocument document, Path path, Path media) {
        this.document = document;
        this.path = path;
        this.media = List.of(media);
    }

    @Override
    public EafDocument document() {
        return document;
    }

    @Override
    public Optional<Path> documentPath() {
        return Optional.of(path);
    }

    @Override
    public List<Path> mediaFiles() {
        return media;
    }

    @Override
    public long playbackPositionMs() {
        return 0;
    }

    @Override
    public void seek(long timeMs) {
    }

    @Override
    public void replaceDocument(EafDocument updated, List<String> changedTiers) {
        document = updated;
        replaced.complete(changedTiers);
    }

    @Override
    public void progress(String task, double fraction) {
        progress.add(fraction);
    }

    @Override
    public void showMessage(Level level, String message) {
        messages.add(level + " " + message);
        finished.complete(level + " " + message);
    }
}
