package org.autotier.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.service.ServiceExtension;

/** SCR knows every autotier component and each is in the state its references allow. */
@ExtendWith(ServiceExtension.class)
@ExtendWith(org.osgi.test.junit5.context.BundleContextExtension.class)
class ComponentsTest {

    @org.osgi.test.common.annotation.InjectBundleContext
    org.osgi.framework.BundleContext context;

    @InjectService
    ServiceComponentRuntime scr;

    @Test
    void segmentServiceIsSatisfied() {
        ComponentDescriptionDTO d = scr.getComponentDescriptionDTOs().stream()
                .filter(x -> x.name.equals("org.autotier.core.internal.SegmentServiceComponent")).findFirst()
                .orElseThrow(() -> new AssertionError("SegmentServiceComponent is not declared"));
        // a delayed component: satisfied until first used, then active
        int state = scr.getComponentConfigurationDTOs(d).iterator().next().state;
        assertTrue(state == ComponentConfigurationDTO.SATISFIED || state == ComponentConfigurationDTO.ACTIVE,
                "state " + state);
    }

    @Test
    void everyAutotierComponentIsSatisfiedOrActive() {
        List<String> names = new java.util.ArrayList<>();
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
            if (!d.name.startsWith("org.autotier")) {
                continue;
            }
            names.add(d.name);
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                assertTrue(c.state == ComponentConfigurationDTO.SATISFIED || c.state == ComponentConfigurationDTO.ACTIVE,
                        d.name + " is in state " + c.state + "; unsatisfied references: "
                                + java.util.Arrays.toString(c.unsatisfiedReferences));
            }
        }
        assertTrue(names.containsAll(List.of("org.autotier.core.internal.SegmentServiceComponent",
                "org.autotier.core.internal.AutoSuggestServiceComponent", "org.autotier.core.cli.CliMain",
                "org.autotier.core.cli.GogoCommands", "org.autotier.ui.internal.AutoSuggestAction",
                "org.autotier.ui.internal.ReviewAction")), names.toString());
    }

    @InjectService
    org.osgi.service.metatype.MetaTypeService metatype;

    @Test
    void theSettingsAreDescribedByMetatypeForAnyConsole() {
        org.osgi.framework.Bundle core = java.util.Arrays.stream(context.getBundles())
                .filter(b -> "plugin-core".equals(b.getSymbolicName())).findFirst().orElseThrow();
        org.osgi.service.metatype.ObjectClassDefinition ocd = metatype.getMetaTypeInformation(core)
                .getObjectClassDefinition("org.autotier", null);
        List<String> ids = java.util.Arrays.stream(ocd.getAttributeDefinitions(
                org.osgi.service.metatype.ObjectClassDefinition.ALL)).map(a -> a.getID()).toList();
        assertTrue(ids.containsAll(List.of("model", "device", "analysisFps", "vadThreshold", "lowConfidence",
                "windowMs", "stableAgreement", "minFaceFrames", "minSegmentSpeechMs", "faceWeight")), ids.toString());
    }

    @Test
    void cliStaysOffTheMainThreadOutsideTheApplication() throws Exception {
        Map<String, ComponentDescriptionDTO> byName = scr.getComponentDescriptionDTOs().stream()
                .filter(d -> d.name.startsWith("org.autotier"))
                .collect(Collectors.toMap(d -> d.name, d -> d));
        ComponentDescriptionDTO cli = byName.get("org.autotier.core.cli.CliMain");
        assertTrue(cli != null, "CliMain is declared: " + byName.keySet());
        ComponentConfigurationDTO config = scr.getComponentConfigurationDTOs(cli).iterator().next();
        // the bnd test launcher offers launcher.arguments too, so the component is active ...
        assertEquals(ComponentConfigurationDTO.ACTIVE, config.state);
        assertEquals("(launcher.arguments=*)", config.satisfiedReferences[0].target);
        // ... but without autotier.cli=true it must not take over the main thread from the tests
        assertEquals(null, context.getServiceReferences(java.util.concurrent.Callable.class, "(main.thread=true)")
                .stream().filter(r -> "plugin-core".equals(r.getBundle().getSymbolicName())).findAny().orElse(null));
    }
}
