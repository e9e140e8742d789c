package dev.facteur.core.sasl;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * OAUTHBEARER (RFC 7628 §3.1): {@code gs2-header %x01 auth=Bearer <token> %x01 ... %x01 %x01}.
 * On failure the server sends the §3.2.2 error JSON as a challenge, the client answers with a
 * single %x01, and the exchange fails.
 */
final class OAuthBearerExchange extends BearerExchange {
    static final byte[] ERROR = "{\"status\":\"invalid_token\",\"schemes\":\"bearer\"}".getBytes(StandardCharsets.US_ASCII);

    OAuthBearerExchange(BearerCheck check) {
        super("OAUTHBEARER", ERROR, check);
    }

    @Override
    SaslStep evaluate(String msg) {
        // RFC 7628 §3.1: gs2-header = gs2-cbind-flag "," [ "a=" saslname ] ","
        int c1 = msg.indexOf(',');
        int c2 = c1 < 0 ? -1 : msg.indexOf(',', c1 + 1);
        if (c2 < 0 || !(msg.startsWith("n,") || msg.startsWith("y,"))) {
            return new SaslStep.Failure(SaslStep.Reason.MALFORMED);
        }
        String authzid = msg.substring(c1 + 1, c2);
        Optional<String> user = Optional.empty();
        if (!authzid.isEmpty()) {
            if (!authzid.startsWith("a=")) {
                return new SaslStep.Failure(SaslStep.Reason.MALFORMED);
            }
            user = ScramSha256Exchange.saslName(authzid.substring(2));
            if (user.isEmpty()) {
                return new SaslStep.Failure(SaslStep.Reason.MALFORMED);
            }
        }
        String rest = msg.substring(c2 + 1);
        if (!rest.startsWith("\u0001") || !rest.endsWith("\u0001\u0001")) {
            return new SaslStep.Failure(SaslStep.Reason.MALFORMED);
        }
        Optional<String> token = Optional.empty();
        for (String kv : rest.substring(1, rest.length() - 2).split("\u0001", -1)) {
            if (kv.startsWith("auth=")) {
                token = BearerCheck.bearerToken(kv.substring(5));
            }
        }
        if (token.isEmpty()) {
            return new SaslStep.Failure(SaslStep.Reason.MALFORMED);
        }
        return check.check(token.get(), user);
    }
}
