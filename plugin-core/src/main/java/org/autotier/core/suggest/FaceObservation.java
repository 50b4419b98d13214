package org.autotier.core.suggest;

import org.autotier.core.face.FaceBox;

/** The face net's outputs for one detection ({@code embedding} null unless the model reads it). */
record FaceObservation(long timeMs, FaceBox box, float[] probabilities, float[] embedding) {
}
