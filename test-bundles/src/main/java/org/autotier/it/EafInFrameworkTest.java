package org.autotier.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import org.autotier.model.eaf.EafDocument;
import org.autotier.model.eaf.EafEditor;
import org.autotier.model.eaf.EafValidator;
import org.autotier.model.eaf.LinguisticType;
import org.autotier.model.eaf.Tier;
import org.autotier.model.eaf.io.EafReader;
import org.autotier.model.eaf.io.EafVersion;
import org.autotier.model.eaf.io.EafWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.junit5.context.BundleContextExtension;

/** plugin-model, installed in Apache Felix, reads and writes EAF through its exported API only. */
@ExtendWith(BundleContextExtension.class)
class EafInFrameworkTest {

    @InjectBundleContext
    BundleContext context;

    private Bundle bundle(String bsn) {
        return Arrays.stream(context.getBundles()).filter(b -> b.getSymbolicName().equals(bsn)).findFirst()
                .orElseThrow(() -> new AssertionError(bsn + " is not installed"));
    }

    @Test
    void modelBundleIsActiveAndExportsVersionedApi() {
        Bundle model = bundle("plugin-model");
        assertEquals(Bundle.ACTIVE, model.getState());
        List<BundleCapability> exports = model.adapt(BundleWiring.class).getCapabilities("osgi.wiring.package");
        List<String> names = exports.stream().map(c -> c.getAttributes().get("osgi.wiring.package") + ";"
                + c.getAttributes().get("version")).sorted().toList();
        assertEquals(List.of("org.autotier.model.eaf.io;1.1.0", "org.autotier.model.eaf;1.0.0",
                "org.autotier.model.suggest;1.2.0"), names);
        // the implementation classes come from the model bundle, not from the test bundle's class path
        assertEquals(model, org.osgi.framework.FrameworkUtil.getBundle(EafReader.class));
    }

    @Test
    void buildWriteAndReadAnEafInsideFelix(@TempDir Path tmp) throws Exception {
        EafEditor ed = EafEditor.create("felix");
        ed.putLinguisticType(new LinguisticType("speech", true, null, false, null, null, null));
        ed.addTier(Tier.of("autotier-speech", "speech", null));
        ed.addAlignable("autotier-speech", 500, 2500, "speech");
        EafDocument doc = ed.build();
        Path file = tmp.resolve("felix.eaf");
        EafWriter.write(doc, file);
        EafDocument back = EafReader.read(file);
        assertEquals(doc, back);
        assertEquals(List.of(), EafValidator.validate(back));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EafWriter.write(back, out, EafVersion.V2_7, "memory");
        assertEquals("2.7", EafReader.read(new ByteArrayInputStream(out.toByteArray()), "memory").version());
    }

    @Test
    void readsTheSharedCorpusWhenPresent() throws Exception {
        String shared = context.getProperty("autotier.shared.data");
        Path sample = shared == null ? null : Paths.get(shared, "eaf", "pympi", "sample_3.0.eaf");
        org.junit.jupiter.api.Assumptions.assumeTrue(sample != null && Files.exists(sample),
                "../shared/data is not present");
        EafDocument doc = EafReader.read(sample);
        assertEquals(8778, doc.annotationCount());
        assertNotNull(doc.tier("words-pos").orElse(null));
        assertTrue(EafValidator.validate(doc).stream().noneMatch(p -> p.isError()));
    }
}
