package dev.facteur.store;

import java.util.List;
import java.util.OptionalLong;

/** A STORE request: how to change the flags of some UIDs, optionally only if unchanged since a MODSEQ (RFC 7162 §3.1.3). */
public record FlagChange(List<Long> uids, Mode mode, Flags flags, OptionalLong unchangedSince) {
    public enum Mode { ADD, REMOVE, REPLACE }

    public FlagChange {
        uids = List.copyOf(uids);
    }
}
