package dev.facteur.core.sasl;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** LOGIN (draft-murchison-sasl-login-00): user name, then password, each prompted. */
final class LoginExchange implements SaslExchange {
    private static final byte[] USERNAME = "Username:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PASSWORD = "Password:".getBytes(StandardCharsets.US_ASCII);

    private final PasswordCheck check;
    private String username;

    LoginExchange(PasswordCheck check) {
        this.check = check;
    }

    @Override
    public String mechanism() {
        return "LOGIN";
    }

    @Override
    public SaslStep start(Optional<byte[]> initialResponse) {
        return initialResponse.map(this::next).orElseGet(() -> new SaslStep.Challenge(USERNAME));
    }

    @Override
    public SaslStep next(byte[] response) {
        String text = new String(response, StandardCharsets.UTF_8);
        if (text.indexOf('\0') >= 0) {
            return new SaslStep.Failure(SaslStep.Reason.MALFORMED);
        }
        if (username == null) {
            username = text;
            return new SaslStep.Challenge(PASSWORD);
        }
        return check.check(username, text);
    }
}
