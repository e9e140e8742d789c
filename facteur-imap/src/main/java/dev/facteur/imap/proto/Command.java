package dev.facteur.imap.proto;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** A parsed IMAP command (RFC 9051 §6). Mailbox names are as sent (the session decodes them). */
public sealed interface Command {

    String tag();

    // RFC 9051 §6.1: any state
    record Capability(String tag) implements Command {}

    record Noop(String tag) implements Command {}

    record Logout(String tag) implements Command {}

    /** RFC 2971: the client's id fields (name, value-or-null pairs flattened), empty for NIL. */
    record Id(String tag, List<Optional<String>> fields) implements Command {
        public Id {
            fields = List.copyOf(fields);
        }
    }

    // RFC 9051 §6.2: not authenticated
    record StartTls(String tag) implements Command {}

    record Login(String tag, String user, String password) implements Command {
        @Override
        public String toString() {
            return "Login[" + tag + ", " + user + "]"; // never log the password
        }
    }

    /** {@code initialResponse} is the RFC 4959 SASL-IR argument as sent (base64 or "="). */
    record Authenticate(String tag, String mechanism, Optional<String> initialResponse) implements Command {
        @Override
        public String toString() {
            return "Authenticate[" + tag + ", " + mechanism + "]";
        }
    }

    // RFC 9051 §6.3: authenticated
    record Enable(String tag, List<String> capabilities) implements Command {
        public Enable {
            capabilities = List.copyOf(capabilities);
        }
    }

    /** RFC 7162 §3.2.5 QRESYNC parameters of SELECT/EXAMINE. */
    record Qresync(long uidValidity, long modSeq, Optional<SequenceSet> knownUids) {}

    record Select(String tag, String mailbox, boolean readOnly, boolean condstore, Optional<Qresync> qresync)
            implements Command {}

    record Create(String tag, String mailbox, Optional<String> specialUse) implements Command {}

    record Delete(String tag, String mailbox) implements Command {}

    record Rename(String tag, String from, String to) implements Command {}

    record Subscribe(String tag, String mailbox, boolean subscribe) implements Command {}

    /**
     * LIST (RFC 9051 §6.3.9, RFC 5258 LIST-EXTENDED) and LSUB (RFC 3501 §6.3.9).
     *
     * @param selection selection options, upper-case: SUBSCRIBED, REMOTE, RECURSIVEMATCH, SPECIAL-USE
     * @param returns return options, upper-case: SUBSCRIBED, CHILDREN, SPECIAL-USE, STATUS
     * @param statusItems the items of RETURN (STATUS (...)), RFC 5819
     */
    record ListMailboxes(String tag, String reference, List<String> patterns, Set<String> selection,
                         Set<String> returns, List<String> statusItems, boolean lsub) implements Command {
        public ListMailboxes {
            patterns = List.copyOf(patterns);
            selection = Set.copyOf(selection);
            returns = Set.copyOf(returns);
            statusItems = List.copyOf(statusItems);
        }
    }

    record Namespace(String tag) implements Command {}

    /** {@code items} upper-case (MESSAGES, UIDNEXT, UIDVALIDITY, UNSEEN, DELETED, SIZE, HIGHESTMODSEQ, RECENT, APPENDLIMIT, MAILBOXID). */
    record Status(String tag, String mailbox, List<String> items) implements Command {
        public Status {
            items = List.copyOf(items);
        }
    }

    /** One message of APPEND / MULTIAPPEND (RFC 3502); {@code binary} for a literal8 (RFC 3516). */
    record AppendMessage(List<String> flags, Optional<java.time.ZonedDateTime> internalDate, byte[] content,
                         boolean binary) {
        public AppendMessage {
            flags = List.copyOf(flags);
        }
    }

    record Append(String tag, String mailbox, List<AppendMessage> messages) implements Command {
        public Append {
            messages = List.copyOf(messages);
        }
    }

    record Idle(String tag) implements Command {}

    record GetQuota(String tag, String root) implements Command {}

    record GetQuotaRoot(String tag, String mailbox) implements Command {}

    /** RFC 9208 §4.1.3: resource names (upper case) to limits, in the order given. */
    record SetQuota(String tag, String root, java.util.Map<String, Long> limits) implements Command {
        public SetQuota {
            limits = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(limits));
        }
    }

    /** RFC 4978. */
    record Compress(String tag, String mechanism) implements Command {}

    // RFC 9051 §6.4: selected
    record Close(String tag) implements Command {}

    record Unselect(String tag) implements Command {}

    /** EXPUNGE, or UID EXPUNGE with its UID set (RFC 4315 §2.1). */
    record Expunge(String tag, Optional<SequenceSet> uids) implements Command {}

    /**
     * SEARCH; {@code returns} present means ESEARCH form (RFC 4731): MIN MAX ALL COUNT SAVE,
     * an empty set meaning ALL.
     */
    record Search(String tag, boolean uid, Optional<String> charset, SearchKey key, Optional<Set<String>> returns)
            implements Command {}

    record Fetch(String tag, boolean uid, SequenceSet set, List<FetchItem> items, OptionalLong changedSince,
                 boolean vanished) implements Command {
        public Fetch {
            items = List.copyOf(items);
        }
    }

    enum StoreMode { ADD, REMOVE, REPLACE }

    record Store(String tag, boolean uid, SequenceSet set, StoreMode mode, boolean silent, List<String> flags,
                 OptionalLong unchangedSince) implements Command {
        public Store {
            flags = List.copyOf(flags);
        }
    }

    /** COPY or MOVE (RFC 6851). */
    record Copy(String tag, boolean uid, SequenceSet set, String mailbox, boolean move) implements Command {}

    /** RFC 5256 SORT criteria, upper-case, each optionally REVERSE. */
    record SortCriterion(String key, boolean reverse) {}

    record Sort(String tag, boolean uid, List<SortCriterion> criteria, String charset, SearchKey key,
                Optional<Set<String>> returns) implements Command {
        public Sort {
            criteria = List.copyOf(criteria);
        }
    }

    /** RFC 5256 THREAD: REFERENCES or ORDEREDSUBJECT. */
    record Thread(String tag, boolean uid, String algorithm, String charset, SearchKey key) implements Command {}
}
