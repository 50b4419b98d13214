package org.autotier.ui.review;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Fuzzes the JSON sidecar reader behind the review panel's heatmap (docs/reliability.md): a
 * damaged or hand-edited {@code NAME.autotier.json} gives evidence or none, never an exception
 * in the panel. Any exception but an IOException (JSON that does not parse) is a finding.
 */
class ReviewEvidenceFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void sidecarGivesEvidenceOrNone(byte[] bytes) {
        try {
            ReviewEvidence e = ReviewEvidence.read(new ByteArrayInputStream(bytes));
            assertNotNull(e.forSegment(0));
        } catch (IOException notJson) {
            // the panel shows no evidence
        }
    }
}
