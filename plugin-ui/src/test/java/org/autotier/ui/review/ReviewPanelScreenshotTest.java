package org.autotier.ui.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Renders the review panel in a real window under Xvfb and keeps the screenshot as
 * plugin-ui/target/screenshots/review-panel.png (CI archives it).
 */
class ReviewPanelScreenshotTest {

    private static boolean hasXvfb() {
        try {
            return new ProcessBuilder("sh", "-c", "command -v Xvfb").start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @Test
    void rendersUnderXvfb() throws Exception {
        assumeTrue(hasXvfb(), "Xvfb is not installed");
        int display = 90 + (int) (ProcessHandle.current().pid() % 400);
        Process x = new ProcessBuilder("Xvfb", ":" + display, "-screen", "0", "1280x800x24", "-nolisten", "tcp")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            Thread.sleep(1000);
            assertTrue(x.isAlive(), "Xvfb started on :" + display);
            Path dir = Files.createDirectories(Path.of("target", "screenshots"));
            Path png = dir.resolve("review-panel.png");
            Files.deleteIfExists(png);
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder pb = new ProcessBuilder(java, "-Djava.awt.headless=false", "-cp",
                    System.getProperty("java.class.path"), ScreenshotMain.class.getName(), png.toAbsolutePath().toString())
                    .redirectErrorStream(true);
            pb.environment().put("DISPLAY", ":" + display);
            Process p = pb.start();
            String log = new String(p.getInputStream().readAllBytes());
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "screenshot process finished");
            assertEquals(0, p.exitValue(), log);
            BufferedImage img = ImageIO.read(png.toFile());
            assertEquals(900, img.getWidth());
            assertEquals(420, img.getHeight());
            Set<Integer> colours = new HashSet<>();
            for (int y = 0; y < img.getHeight(); y += 3) {
                for (int xx = 0; xx < img.getWidth(); xx += 3) {
                    colours.add(img.getRGB(xx, y));
                }
            }
            assertTrue(colours.size() > 20, "a drawn panel, not a blank window: " + colours.size() + " colours");
            System.out.println("review panel screenshot: " + png.toAbsolutePath());
        } finally {
            x.destroy();
            x.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
