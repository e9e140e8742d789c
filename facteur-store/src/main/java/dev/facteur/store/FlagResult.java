package dev.facteur.store;

import java.util.List;

/**
 * The outcome of a flag change: the messages changed (with their new flags and MODSEQ) and the
 * UIDs not changed because of UNCHANGEDSINCE (RFC 7162 §3.1.3 MODIFIED response code).
 */
public record FlagResult(List<MessageRecord> changed, List<Long> failedUnchangedSince) {}
