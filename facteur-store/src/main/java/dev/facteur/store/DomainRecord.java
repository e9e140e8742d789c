package dev.facteur.store;

import dev.facteur.core.mail.Domain;
import java.time.Instant;

/** A domain Facteur receives mail for. */
public record DomainRecord(long id, Domain domain, Instant created) {}
