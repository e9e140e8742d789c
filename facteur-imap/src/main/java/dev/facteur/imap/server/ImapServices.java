package dev.facteur.imap.server;

import dev.facteur.core.sasl.AuthThrottle;
import dev.facteur.core.sasl.SaslAuthenticator;
import dev.facteur.store.Store;
import java.time.InstantSource;

/** The collaborators every session shares. */
record ImapServices(ImapServerSettings settings, Store store, SaslAuthenticator sasl, AuthThrottle throttle,
                    InstantSource clock, ImapMetrics metrics, RecentClaims recent,
                    LocalChanges localChanges) {}
