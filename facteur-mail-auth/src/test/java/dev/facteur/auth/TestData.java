package dev.facteur.auth;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates ../shared/testdata through the facteur.testdata system property; skips when absent. */
public final class TestData {

    private TestData() {
    }

    public static Path require(String relative) {
        String root = System.getProperty("facteur.testdata");
        assumeTrue(root != null, "facteur.testdata is not set: conformance data unavailable, test skipped");
        Path p = Path.of(root).resolve(relative);
        assumeTrue(Files.exists(p), "conformance data absent at " + p + ": test skipped");
        return p;
    }
}
