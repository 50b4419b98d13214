package org.autotier.ui.internal;

import java.awt.GraphicsEnvironment;
import javax.swing.JFrame;
import javax.swing.SwingUtilities;
import org.autotier.core.api.AnnotationHost;
import org.autotier.ui.api.HostAction;
import org.autotier.ui.review.ReviewPanel;
import org.osgi.service.component.annotations.Component;

/** "Review suggestions...": opens the review panel on the host's document. */
@Component(service = HostAction.class, property = HostAction.ORDER + ":Integer=20")
public final class ReviewAction implements HostAction {

    @Override
    public String label() {
        return "Review suggestions...";
    }

    @Override
    public void perform(AnnotationHost host) {
        if (GraphicsEnvironment.isHeadless()) {
            host.showMessage(AnnotationHost.Level.WARNING, "autotier: the review panel needs a screen");
            return;
        }
        SwingUtilities.invokeLater(() -> {
            JFrame frame = new JFrame("autotier: review suggestions");
            frame.setDefaultCloseOperation(JFrame.DISPOSE_ON_CLOSE);
            frame.setContentPane(new ReviewPanel(host));
            frame.setSize(900, 520);
            frame.setLocationByPlatform(true);
            frame.setVisible(true);
        });
    }
}
