package dev.facteur.core.sasl;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** RFC 4616 PLAIN: {@code [authzid] NUL authcid NUL passwd} in one message. */
final class PlainExchange implements SaslExchange {
    private final PasswordCheck check;

    PlainExchange(PasswordCheck check) {
        this.check = check;
    }

    @Override
    public String mechanism() {
        return "PLAIN";
    }

    @Override
    public SaslStep start(Optional<byte[]> initialResponse) {
        // RFC 4616 §2: the server sends an empty challenge when there is no initial response.
        return initialResponse.map(this::next).orElseGet(() -> new SaslStep.Challenge(new byte[0]));
    }

    @Override
    public SaslStep next(byte[] response) {
        String s = new String(response, StandardCharsets.UTF_8);
        int a = s.indexOf('\0');
        int b = a < 0 ? -1 : s.indexOf('\0', a + 1);
        if (a < 0 || b < 0 || s.indexOf('\0', b + 1) >= 0) {
            return new SaslStep.Failure(SaslStep.Reason.MALFORMED);
        }
        String authzid = s.substring(0, a);
        String authcid = s.substring(a + 1, b);
        String password = s.substring(b + 1);
        SaslStep result = check.check(authcid, password);
        // RFC 4616 §2: acting as another identity needs authorisation; we allow only oneself.
        if (result instanceof SaslStep.Success ok && !authzid.isEmpty() && !authzid.equalsIgnoreCase(ok.account())
                && !authzid.equalsIgnoreCase(authcid)) {
            return new SaslStep.Failure(SaslStep.Reason.INVALID_CREDENTIALS);
        }
        return result;
    }
}
