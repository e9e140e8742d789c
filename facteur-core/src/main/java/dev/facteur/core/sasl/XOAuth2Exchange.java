package dev.facteur.core.sasl;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * XOAUTH2 (Google's SASL XOAUTH2 profile): {@code user=<user> %x01 auth=Bearer <token> %x01 %x01}.
 * On failure the server sends an error JSON challenge; the client's empty answer ends it.
 */
final class XOAuth2Exchange extends BearerExchange {
    static final byte[] ERROR = "{\"status\":\"401\",\"schemes\":\"bearer\"}".getBytes(StandardCharsets.US_ASCII);

    XOAuth2Exchange(BearerCheck check) {
        super("XOAUTH2", ERROR, check);
    }

    @Override
    SaslStep evaluate(String msg) {
        if (!msg.endsWith("\u0001\u0001")) {
            return new SaslStep.Failure(SaslStep.Reason.MALFORMED);
        }
        Optional<String> user = Optional.empty();
        Optional<String> token = Optional.empty();
        for (String kv : msg.substring(0, msg.length() - 2).split("\u0001", -1)) {
            if (kv.startsWith("user=") && kv.length() > 5) {
                user = Optional.of(kv.substring(5));
            } else if (kv.startsWith("auth=")) {
                token = BearerCheck.bearerToken(kv.substring(5));
            }
        }
        if (user.isEmpty() || token.isEmpty()) {
            return new SaslStep.Failure(SaslStep.Reason.MALFORMED);
        }
        return check.check(token.get(), user);
    }
}
