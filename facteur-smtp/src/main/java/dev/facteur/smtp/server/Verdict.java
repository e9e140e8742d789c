package dev.facteur.smtp.server;

import dev.facteur.smtp.proto.SmtpReply;
import java.util.List;

/** What a policy stage decides. */
public sealed interface Verdict {
    Continue CONTINUE = new Continue(List.of());

    /** Stop evaluating: accept. {@code prependHeaders} are complete header fields without CRLF. */
    record Accept(List<String> prependHeaders) implements Verdict {
        public Accept {
            prependHeaders = List.copyOf(prependHeaders);
        }
    }

    /** No objection; ask the next stage. {@code prependHeaders} as for Accept (e.g. Authentication-Results). */
    record Continue(List<String> prependHeaders) implements Verdict {
        public Continue {
            prependHeaders = List.copyOf(prependHeaders);
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
