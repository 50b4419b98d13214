package org.autotier.core.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;

/**
 * Fuzzes what the ELAN recognizer reads from ELAN: the PARAM XML on stdin and its interpretation
 * (docs/reliability.md). ELAN gets {@code RESULT: FAILED.} with a reason for anything else, so
 * any exception other than the two typed ones below is a finding.
 */
class ElanParamsFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void paramsGiveARequestOrAReason(byte[] bytes) {
        Map<String, String> params;
        try {
            params = ElanRecognizerCommand.readParams(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            assertTrue(e.getMessage().startsWith("the parameters ELAN sent on stdin are not valid PARAM XML"),
                    e.getMessage());
            return;
        }
        try {
            ElanRecognizerCommand.Request r = ElanRecognizerCommand.request(params);
            assertFalse(r.outputs().isEmpty(), "a request has somewhere to write");
            assertNotNull(r.media());
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), "a refusal says why");
        }
    }
}
