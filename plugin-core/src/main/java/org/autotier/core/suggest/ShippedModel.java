package org.autotier.core.suggest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;

/**
 * The model autotier ships, {@code emotion-audio}. Where it is, first match:
 * <ol>
 * <li>{@code models/emotion-audio} under {@code autotier.home} when that is set (./autotier, the
 * ELAN launchers, a host's launcher);
 * <li>in OSGi, the bundle that provides plugin-core's {@code org.autotier.model} requirement
 * (model-emotion-audio), unpacked once into plugin-core's data area: a host that installs the
 * bundles needs nothing else;
 * <li>{@code ./models/emotion-audio}.
 * </ol>
 */
public final class ShippedModel {
    /** The capability namespace of model bundles; its attribute {@code path} is the folder in the bundle. */
    public static final String NAMESPACE = "org.autotier.model";
    public static final String NAME = "emotion-audio";

    private ShippedModel() {
    }

    public static Path path() {
        String home = System.getProperty("autotier.home");
        if (home != null && !home.isBlank()) {
            return Paths.get(home, "models", NAME);
        }
        return fromBundle().orElse(Paths.get(".", "models", NAME));
    }

    /** The model of the bundle wired to plugin-core's model requirement, when running in OSGi. */
    static Optional<Path> fromBundle() {
        Bundle self;
        try {
            self = FrameworkUtil.getBundle(ShippedModel.class);
        } catch (NoClassDefFoundError outsideOsgi) {
            return Optional.empty();
        }
        BundleWiring wiring = self == null ? null : self.adapt(BundleWiring.class);
        if (wiring == null || self.getBundleContext() == null) {
            return Optional.empty();
        }
        List<BundleWire> wires = wiring.getRequiredWires(NAMESPACE);
        if (wires == null || wires.isEmpty()) {
            return Optional.empty();
        }
        BundleWire wire = wires.get(0);
        Object folder = wire.getCapability().getAttributes().get("path");
        Bundle provider = wire.getProvider().getBundle();
        if (!(folder instanceof String path)) {
            throw new IllegalStateException(provider.getSymbolicName() + " provides " + NAMESPACE
                    + " without a path attribute naming its model folder");
        }
        // one folder per installed model bundle and version, so an updated bundle is unpacked afresh
        String name = NAME + "-" + provider.getBundleId() + "-" + provider.getLastModified();
        Path target = self.getBundleContext().getDataFile("models").toPath().resolve(name);
        try {
            return Optional.of(unpack(provider, path, target));
        } catch (IOException e) {
            throw new UncheckedIOException("could not unpack the model of bundle " + provider.getSymbolicName()
                    + " into " + target + ": " + e.getMessage(), e);
        }
    }

    /** Copies the bundle's folder to {@code target} through a temporary folder, so a half copy is never used. */
    private static synchronized Path unpack(Bundle provider, String folder, Path target) throws IOException {
        if (Files.isRegularFile(target.resolve("model.json"))) {
            return target;
        }
        Path parent = Files.createDirectories(target.getParent());
        Path partial = Files.createTempDirectory(parent, ".unpacking-");
        String prefix = folder.endsWith("/") ? folder : folder + "/";
        Enumeration<URL> entries = provider.findEntries(folder, "*", true);
        while (entries != null && entries.hasMoreElements()) {
            URL url = entries.nextElement();
            String entry = url.getPath().replaceFirst("^/", "");
            if (entry.endsWith("/") || !entry.startsWith(prefix)) {
                continue;
            }
            Path out = partial.resolve(entry.substring(prefix.length())).normalize();
            if (!out.startsWith(partial)) {
                continue; // never outside the folder
            }
            Files.createDirectories(out.getParent());
            try (InputStream in = url.openStream()) {
                Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (!Files.isRegularFile(partial.resolve("model.json"))) {
            throw new IOException(provider.getSymbolicName() + " has no " + prefix + "model.json");
        }
        // one framework owns its storage, and this method is synchronized: nobody else moves into target
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }
}
