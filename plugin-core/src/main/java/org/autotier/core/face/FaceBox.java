package org.autotier.core.face;

/**
 * A detected face in one frame. Coordinates are fractions of the frame's width and height.
 *
 * @param mouthX mouth keypoint, x
 * @param mouthY mouth keypoint, y
 */
public record FaceBox(double x, double y, double w, double h, double score, double mouthX, double mouthY) {

    public double area() {
        return w * h;
    }

    public double iou(FaceBox o) {
        double ix = Math.max(0, Math.min(x + w, o.x + o.w) - Math.max(x, o.x));
        double iy = Math.max(0, Math.min(y + h, o.y + o.h) - Math.max(y, o.y));
        double inter = ix * iy;
        double union = area() + o.area() - inter;
        return union <= 0 ? 0 : inter / union;
    }
}
