package org.autotier.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.autotier.model.eaf.io.EafWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.service.ServiceExtension;

/** The command line as Gogo commands: what ./autotier does, an OSGi shell does too. */
@ExtendWith(ServiceExtension.class)
class GogoCommandsTest {
    @InjectService
    CommandProcessor processor;

    @Test
    void autotierEafInfoRunsInAGogoSession(@TempDir Path tmp) throws Exception {
        Path eaf = tmp.resolve("session.eaf");
        EafWriter.write(Fixtures.userDocument(), eaf);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(out, true, "UTF-8");
        try (CommandSession s = processor.createSession(new ByteArrayInputStream(new byte[0]), ps, ps)) {
            Object status = s.execute("autotier:eaf info " + eaf);
            assertEquals(0, status);
            status = s.execute("autotier:eaf validate " + eaf);
            assertEquals(0, status);
        }
        String text = out.toString("UTF-8");
        assertTrue(text.contains("Transcript"), text);
        assertTrue(text.contains("valid"), text);
    }
}
