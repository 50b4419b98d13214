package org.autotier.ui.review;

import java.awt.Color;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import javax.swing.JComponent;

/**
 * Two heat rows over the selected segment, as in seed 000's attention figure: where in the voice
 * the model's attention went (α over audio frames), and how strongly the face showed the
 * suggested label frame by frame. Darker is more.
 */
public final class AttentionHeatmap extends JComponent {
    private static final long serialVersionUID = 1L;
    private static final int LABEL_WIDTH = 110;
    private transient ReviewEvidence.Weights weights;

    public AttentionHeatmap() {
        setPreferredSize(new Dimension(480, 84));
        setToolTipText("Voice: where the model listened (attention), or how strongly each stretch of the voice "
                + "said the label. Face: how much the face showed the label.");
    }

    public void show(ReviewEvidence.Weights w) {
        this.weights = w;
        repaint();
    }

    @Override
    protected void paintComponent(Graphics g0) {
        Graphics2D g = (Graphics2D) g0.create();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(getBackground() != null ? getBackground() : Color.WHITE);
        g.fillRect(0, 0, getWidth(), getHeight());
        g.setFont(getFont() != null ? getFont().deriveFont(Font.PLAIN, 11f) : new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        int rowH = Math.max(8, (getHeight() - 12) / 2);
        boolean attention = weights == null || weights.voiceIsAttention();
        // attention is relative (normalised to its peak); window evidence is a probability, drawn as is
        drawRow(g, attention ? "voice attention" : "voice: label", weights == null ? null : weights.voiceAttention(),
                4, rowH, attention);
        drawRow(g, "face: label", weights == null ? null : weights.face(), 8 + rowH, rowH, false);
        g.dispose();
    }

    private void drawRow(Graphics2D g, String name, float[] v, int y, int h, boolean normalise) {
        g.setColor(Color.DARK_GRAY);
        g.drawString(name, 4, y + h / 2 + 4);
        int x0 = LABEL_WIDTH;
        int w = Math.max(1, getWidth() - x0 - 4);
        if (v == null || v.length == 0) {
            g.setColor(Color.GRAY);
            g.drawString("no data", x0 + 4, y + h / 2 + 4);
            g.drawRect(x0, y, w - 1, h - 1);
            return;
        }
        float max = 0;
        for (float f : v) {
            max = Math.max(max, f);
        }
        float scale = normalise && max > 0 ? 1f / max : 1f;
        for (int i = 0; i < v.length; i++) {
            int a = x0 + (int) ((long) i * w / v.length);
            int b = x0 + (int) ((long) (i + 1) * w / v.length);
            float t = Math.max(0, Math.min(1, v[i] * scale));
            g.setColor(new Color(1 - 0.85f * t, 1 - 0.55f * t, 1 - 0.15f * t));
            g.fillRect(a, y, Math.max(1, b - a), h);
        }
        g.setColor(Color.GRAY);
        g.drawRect(x0, y, w - 1, h - 1);
    }
}
