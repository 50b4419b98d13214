package org.autotier.core.segment;

import org.autotier.core.vad.Interval;

/** A stretch where the face {@code trackId} is in view and someone speaks, attributed to that face. */
public record SpeechFaceSegment(Interval span, String trackId) {
}
