package org.autotier.core.cli;

import picocli.CommandLine.IVersionProvider;

/** Reports the bundle version (from the jar manifest) and the Java runtime. */
final class Versions implements IVersionProvider {

    /** The autotier version, for example "0.1.0.SNAPSHOT"; "dev" when run from classes. */
    static String autotier() {
        org.osgi.framework.Bundle b = org.osgi.framework.FrameworkUtil.getBundle(Versions.class);
        return b != null ? b.getVersion().toString() : System.getProperty("autotier.version", "dev");
    }

    @Override
    public String[] getVersion() {
        return new String[] {"autotier " + autotier(), "Java " + System.getProperty("java.version")};
    }
}
