package dev.facteur.core.config;

import java.nio.file.Path;

/**
 * The certificate chain and key (PEM). {@code generated} is true when neither was configured:
 * the server then creates a self-signed pair at these paths on first start.
 */
public record TlsConfig(Path certificate, Path privateKey, boolean generated) {}
