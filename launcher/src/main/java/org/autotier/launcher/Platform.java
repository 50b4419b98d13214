package org.autotier.launcher;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The platforms autotier ships natives for, and the check that an application jar runs on the
 * platform it was built for. Every distribution carries one platform's FFmpeg, ONNX Runtime and
 * PyTorch libraries (docs/platforms.md); started on another OS or CPU they would fail deep inside
 * a native loader, so the launcher says so first, naming both platforms.
 */
public final class Platform {
    /** Supported platforms, in JavaCPP's names (as the distributions are named). */
    public static final List<String> SUPPORTED = List.of("linux-x86_64", "macosx-arm64", "windows-x86_64");

    private static final String WHY_NOT_INTEL_MAC = "Intel Macs (macosx-x86_64) are not supported: PyTorch "
            + "publishes no macOS x86-64 libraries after 2.2, and neither does ONNX Runtime 1.24 (docs/platforms.md)";

    private Platform() {
    }

    /** This JVM's platform in JavaCPP's names, from {@code os.name} and {@code os.arch}. */
    public static String of(String osName, String osArch) {
        String os = osName.toLowerCase(Locale.ROOT);
        String arch = osArch.toLowerCase(Locale.ROOT);
        String o = os.startsWith("linux") ? "linux"
                : os.startsWith("mac") || os.startsWith("darwin") ? "macosx"
                : os.startsWith("windows") ? "windows" : os.replaceAll("\\W+", "");
        String a = switch (arch) {
            case "amd64", "x86_64", "x86-64", "x64" -> "x86_64";
            case "aarch64", "arm64" -> "arm64";
            default -> arch;
        };
        return o + "-" + a;
    }

    public static String current() {
        return of(System.getProperty("os.name", "?"), System.getProperty("os.arch", "?"));
    }

    /**
     * Why a jar built for {@code builtFor} cannot run on {@code running}, or empty when it can. A
     * jar with no platform recorded (an older build) is let through.
     */
    public static Optional<String> mismatch(String builtFor, String running) {
        if (builtFor == null || builtFor.isBlank() || builtFor.equals(running)) {
            return Optional.empty();
        }
        StringBuilder why = new StringBuilder("autotier: this is the autotier distribution for ").append(builtFor)
                .append(", and this Java runs on ").append(running).append(" (os.name '")
                .append(System.getProperty("os.name")).append("', os.arch '").append(System.getProperty("os.arch"))
                .append("'). ");
        if (SUPPORTED.contains(running)) {
            why.append("Install the distribution for ").append(running).append(" (autotier-elan-").append(running)
                    .append(".zip or autotier-").append(running).append(".jar).");
        } else if (running.equals("macosx-x86_64")) {
            why.append(WHY_NOT_INTEL_MAC).append(". On an Apple Silicon Mac, this means Java itself runs as x86-64 under "
                    + "Rosetta: install an arm64 (aarch64) JDK 17 or newer.");
        } else {
            why.append("autotier has no natives for ").append(running).append('.');
        }
        why.append(" Supported: ").append(String.join(", ", SUPPORTED)).append('.');
        return Optional.of(why.toString());
    }
}
