package org.autotier.ui.review;

import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import javax.swing.JFrame;
import javax.swing.SwingUtilities;
import org.autotier.model.eaf.EafDocument;

/** Shows the review panel in a real window on the display in $DISPLAY and saves a screenshot of it. */
public final class ScreenshotMain {
    private ScreenshotMain() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        Path eaf = out.resolveSibling("screenshot-session.eaf");
        EafDocument doc = TestDocuments.withSuggestions(eaf);
        TestDocuments.RecordingHost host = new TestDocuments.RecordingHost(doc, eaf);
        JFrame[] frame = new JFrame[1];
        SwingUtilities.invokeAndWait(() -> {
            frame[0] = new JFrame("autotier: review suggestions");
            frame[0].setContentPane(new ReviewPanel(host));
            frame[0].setBounds(20, 20, 900, 420);
            frame[0].setVisible(true);
        });
        Robot robot = new Robot();
        robot.waitForIdle();
        Thread.sleep(800); // let the window manager-less X server map and paint the window
        robot.waitForIdle();
        Rectangle r = frame[0].getBounds();
        BufferedImage shot = robot.createScreenCapture(r);
        ImageIO.write(shot, "png", out.toFile());
        SwingUtilities.invokeAndWait(frame[0]::dispose);
        System.exit(0);
    }
}
