package dev.facteur.smtp.server;

import dev.facteur.smtp.proto.SmtpReply;
import java.util.List;

/** What a policy stage decides. */
public sealed interface Verdict {
    Continue CONTINUE = new Continue(List.of());

    /** Where an accepted message is filed for local recipients. */
    enum Folder {
        INBOX,
        /** RFC 9989 §5.3 p=quarantine: the recipient's Junk mailbox (RFC 6154 \\Junk). */
        JUNK
    }

    /** Stop evaluating: accept. {@code prependHeaders} are complete header fields without CRLF. */
    record Accept(List<String> prependHeaders, Folder folder) implements Verdict {
        public Accept {
            prependHeaders = List.copyOf(prependHeaders);
        }

        public Accept(List<String> prependHeaders) {
            this(prependHeaders, Folder.INBOX);
        }
    }

    /** No objection; ask the next stage. {@code prependHeaders} as for Accept (e.g. Authentication-Results). */
    record Continue(List<String> prependHeaders, Folder folder) implements Verdict {
        public Continue {
            prependHeaders = List.copyOf(prependHeaders);
        }

        public Continue(List<String> prependHeaders) {
            this(prependHeaders, Folder.INBOX);
        }
    }

    /** Refuse permanently with a 5xx reply. */
    record Reject(SmtpReply reply) implements Verdict {
        public Reject {
            if (reply.code() < 500) {
                throw new IllegalArgumentException("Reject needs a 5xx reply");
            }
        }
    }

    /** Refuse for now with a 4xx reply. */
    record TempFail(SmtpReply reply) implements Verdict {
        public TempFail {
            if (!reply.isTransient()) {
                throw new IllegalArgumentException("TempFail needs a 4xx reply");
            }
        }
    }

    /** Reply (usually 421) and close the connection. */
    record Disconnect(SmtpReply reply) implements Verdict {}
}
