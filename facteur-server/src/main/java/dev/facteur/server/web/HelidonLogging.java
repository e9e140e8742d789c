package dev.facteur.server.web;

import io.helidon.logging.common.spi.LoggingProvider;

/**
 * Tells Helidon that logging is taken care of: Facteur routes java.util.logging through SLF4J
 * and Logback itself ({@code Logging.bridgeJul}), so Helidon has nothing to configure (and no
 * longer prints that it found no logging implementation).
 */
public final class HelidonLogging implements LoggingProvider {
    @Override
    public void initialization() {
        // configured by Facteur before the web server starts
    }

    @Override
    public void runTime() {
        // nothing changes at run time
    }
}
