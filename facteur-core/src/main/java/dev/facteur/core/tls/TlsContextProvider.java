package dev.facteur.core.tls;

import javax.net.ssl.SSLContext;

/** Supplies the server's current TLS context; a new connection always asks again. */
@FunctionalInterface
public interface TlsContextProvider {
    SSLContext context();
}
