package org.autotier.ui.internal;

import java.awt.GraphicsEnvironment;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import javax.swing.SwingUtilities;
import org.autotier.core.api.AnnotationHost;
import org.autotier.core.api.AutoSuggestService;
import org.autotier.ui.api.HostAction;
import org.autotier.ui.run.RunDialog;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * "Auto-suggest tiers...": runs the {@link AutoSuggestService} on the host's first media file in
 * the background, shows progress (a dialog, or the host's progress display when there is no
 * screen) and hands the resulting document to the host.
 */
@Component(service = HostAction.class, property = HostAction.ORDER + ":Integer=10")
public final class AutoSuggestAction implements HostAction {
    private final AutoSuggestService service;

    @Activate
    public AutoSuggestAction(@Reference AutoSuggestService service) {
        this.service = service;
    }

    @Override
    public String label() {
        return "Auto-suggest tiers...";
    }

    @Override
    public void perform(AnnotationHost host) {
        List<Path> media = host.mediaFiles();
        if (media.isEmpty()) {
            host.showMessage(AnnotationHost.Level.ERROR, "autotier: the document has no media file to analyse");
            return;
        }
        Path recording = media.get(0);
        Path eaf = host.documentPath().orElseGet(() -> {
            String n = recording.getFileName().toString();
            int dot = n.lastIndexOf('.');
            return recording.resolveSibling((dot > 0 ? n.substring(0, dot) : n) + ".eaf");
        });
        String task = "autotier: " + recording.getFileName();
        RunDialog[] dialog = new RunDialog[1];
        AutoSuggestService.Job job = service.start(new AutoSuggestService.Request(recording, host.document(), eaf,
                List.of()), f -> {
                    host.progress(task, f);
                    if (dialog[0] != null) {
                        dialog[0].progress(f);
                    }
                });
        if (!GraphicsEnvironment.isHeadless()) {
            SwingUtilities.invokeLater(() -> {
                dialog[0] = new RunDialog("Auto-suggest tiers", "Analysing " + recording.getFileName(), job);
                dialog[0].setVisible(true);
            });
        }
        job.result().whenComplete((r, e) -> {
            if (e == null) {
                host.replaceDocument(r.document(), r.changedTiers());
                long flagged = r.suggestions().stream().filter(s -> !s.flags().isEmpty()).count();
                host.showMessage(AnnotationHost.Level.INFO, String.format(Locale.ROOT,
                        "autotier: %d suggestion(s), %d flagged for review", r.suggestions().size(), flagged));
            } else {
                Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                host.showMessage(cause instanceof CancellationException ? AnnotationHost.Level.INFO
                        : AnnotationHost.Level.ERROR, "autotier: " + (cause instanceof CancellationException
                                ? "cancelled" : String.valueOf(cause.getMessage())));
            }
        });
    }
}
