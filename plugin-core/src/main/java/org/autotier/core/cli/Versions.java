package org.autotier.core.cli;

import picocli.CommandLine.IVersionProvider;

/** Reports the bundle version (from the jar manifest) and the Java runtime. */
final class Versions implements IVersionProvider {

    /** The autotier version, for example "0.1.0.SNAPSHOT"; "dev" when run from classes. */
    static String autotier() {
        try {
            org.osgi.framework.Bundle b = org.osgi.framework.FrameworkUtil.getBundle(Versions.class);
            if (b != null) {
                return b.getVersion().toString();
            }
        } catch (NoClassDefFoundError noFramework) {
            // the launcher's fast path for `eaf` runs on a plain class path (EafMain)
        }
        String jar = bundleVersionOfJar();
        return jar != null ? jar : System.getProperty("autotier.version", "dev");
    }

    /** This bundle's version from its jar's manifest, outside a framework; null when run from classes. */
    private static String bundleVersionOfJar() {
        try {
            java.net.URL where = Versions.class.getProtectionDomain().getCodeSource().getLocation();
            java.nio.file.Path p = java.nio.file.Path.of(where.toURI());
            if (!java.nio.file.Files.isRegularFile(p)) {
                return null;
            }
            try (java.util.jar.JarFile j = new java.util.jar.JarFile(p.toFile())) {
                java.util.jar.Manifest m = j.getManifest();
                return m == null ? null : m.getMainAttributes().getValue("Bundle-Version");
            }
        } catch (java.io.IOException | java.net.URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public String[] getVersion() {
        return new String[] {"autotier " + autotier(), "Java " + System.getProperty("java.version")};
    }
}
