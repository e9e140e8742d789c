package dev.facteur.server;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Finds a Python 3 for the tests that drive the server with Python's stdlib clients. */
final class Python {
    private Python() {}

    /** The python3 command, or skips the calling test with a message when none is installed. */
    static String command() {
        for (String candidate : List.of("python3", "/usr/bin/python3")) {
            try {
                Process p = new ProcessBuilder(candidate, "--version").redirectErrorStream(true).start();
                if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return candidate;
                }
            } catch (IOException | InterruptedException e) {
                // try the next one
            }
        }
        assumeTrue(false, "python3 is not installed: skipping a test that uses Python's mail clients");
        return "";
    }
}
