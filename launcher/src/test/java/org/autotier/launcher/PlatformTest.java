package org.autotier.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PlatformTest {
    @Test
    void namesThePlatformAsJavaCppDoes() {
        assertEquals("linux-x86_64", Platform.of("Linux", "amd64"));
        assertEquals("macosx-arm64", Platform.of("Mac OS X", "aarch64"));
        assertEquals("macosx-x86_64", Platform.of("Mac OS X", "x86_64"));
        assertEquals("windows-x86_64", Platform.of("Windows 11", "amd64"));
        assertEquals("windows-x86_64", Platform.of("Windows 10", "amd64"));
        assertEquals("linux-arm64", Platform.of("Linux", "aarch64"));
        assertEquals("freebsd-x86_64", Platform.of("FreeBSD", "amd64"));
    }

    @Test
    void theRightPlatformAndAnUnmarkedJarPass() {
        assertTrue(Platform.mismatch("linux-x86_64", "linux-x86_64").isEmpty());
        assertTrue(Platform.mismatch(null, "linux-arm64").isEmpty());
    }

    @Test
    void anotherSupportedPlatformIsToldWhichDistributionToTake() {
        String why = Platform.mismatch("windows-x86_64", "linux-x86_64").orElseThrow();
        assertTrue(why.contains("distribution for windows-x86_64"), why);
        assertTrue(why.contains("autotier-elan-linux-x86_64.zip"), why);
        assertTrue(why.contains("Supported: linux-x86_64, macosx-arm64, windows-x86_64"), why);
    }

    @Test
    void anIntelMacOrRosettaJavaIsToldWhyNot() {
        String why = Platform.mismatch("macosx-arm64", "macosx-x86_64").orElseThrow();
        assertTrue(why.contains("Intel Macs (macosx-x86_64) are not supported"), why);
        assertTrue(why.contains("Rosetta"), why);
    }

    @Test
    void anUnsupportedPlatformIsNamed() {
        String why = Platform.mismatch("linux-x86_64", "linux-arm64").orElseThrow();
        assertTrue(why.contains("no natives for linux-arm64"), why);
        assertTrue(why.contains("Supported: "), why);
    }
}
