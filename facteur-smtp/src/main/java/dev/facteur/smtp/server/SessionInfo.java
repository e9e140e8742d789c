package dev.facteur.smtp.server;

import dev.facteur.core.net.TlsInfo;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * What a policy stage may know about the session.
 *
 * @param helo the EHLO/HELO name, once given
 * @param account the authenticated account, if any
 */
public record SessionInfo(String connectionId, SmtpRole role, InetSocketAddress remote, Optional<String> helo,
                          boolean esmtp, Optional<TlsInfo> tls, Optional<String> account) {}
