package org.autotier.core.face;

import java.io.IOException;
import java.util.List;
import org.autotier.core.media.VideoFrame;

/** Finds faces in one frame. */
public interface FaceDetector extends AutoCloseable {
    List<FaceBox> detect(VideoFrame frame) throws IOException;

    @Override
    void close();
}
