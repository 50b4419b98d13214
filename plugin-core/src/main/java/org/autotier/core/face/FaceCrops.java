package org.autotier.core.face;

import org.autotier.core.media.VideoFrame;

/**
 * Cuts a face out of a frame for {@link FaceExpressionNet}: the detector's box, squared around its
 * centre (face-api pads its crops to a square too), bilinearly resampled to 112×112 RGB. Pixels
 * outside the frame are black, as face-api's padding is.
 */
public final class FaceCrops {
    private FaceCrops() {
    }

    /** Writes one 112×112 RGB crop of {@code box} into {@code out} at {@code offset}. */
    public static void crop(VideoFrame frame, FaceBox box, byte[] out, int offset) {
        int s = FaceExpressionNet.INPUT;
        double cx = (box.x() + box.w() / 2) * frame.width();
        double cy = (box.y() + box.h() / 2) * frame.height();
        double side = Math.max(box.w() * frame.width(), box.h() * frame.height());
        double x0 = cx - side / 2;
        double y0 = cy - side / 2;
        double step = side / s;
        byte[] rgb = frame.rgb();
        int w = frame.width();
        int h = frame.height();
        for (int y = 0; y < s; y++) {
            double sy = y0 + (y + 0.5) * step - 0.5;
            int iy = (int) Math.floor(sy);
            double fy = sy - iy;
            for (int x = 0; x < s; x++) {
                double sx = x0 + (x + 0.5) * step - 0.5;
                int ix = (int) Math.floor(sx);
                double fx = sx - ix;
                for (int c = 0; c < 3; c++) {
                    double v = (1 - fy) * ((1 - fx) * px(rgb, w, h, ix, iy, c) + fx * px(rgb, w, h, ix + 1, iy, c))
                            + fy * ((1 - fx) * px(rgb, w, h, ix, iy + 1, c) + fx * px(rgb, w, h, ix + 1, iy + 1, c));
                    out[offset + (y * s + x) * 3 + c] = (byte) Math.min(255, Math.max(0, Math.round(v)));
                }
            }
        }
    }

    private static int px(byte[] rgb, int w, int h, int x, int y, int c) {
        if (x < 0 || y < 0 || x >= w || y >= h) {
            return 0;
        }
        return rgb[(y * w + x) * 3 + c] & 0xff;
    }
}
