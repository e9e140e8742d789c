package dev.facteur.core.sasl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScramSha256ExchangeTest {
    private final SaslAuthenticator auth = new SaslAuthenticator(
            SaslTestSupport.users(Map.of("user", "pencil"), ""), SaslTestSupport.FAST, Optional.empty());

    /** Runs a client per RFC 5802 §3 against the server; returns the last server step. */
    private SaslStep run(String user, String password, boolean tamperNonce) {
        SaslExchange x = auth.start("SCRAM-SHA-256").orElseThrow();
        String clientFirstBare = "n=" + user + ",r=rOprNGfwEbeRWgbNEkqO";
        SaslStep first = x.start(Optional.of(("n,," + clientFirstBare).getBytes(StandardCharsets.UTF_8)));
        String serverFirst = new String(((SaslStep.Challenge) first).data(), StandardCharsets.UTF_8);
        assertThat(serverFirst).startsWith("r=rOprNGfwEbeRWgbNEkqO");
        Map<String, String> attrs = new java.util.HashMap<>();
        for (String kv : serverFirst.split(",")) {
            attrs.put(kv.substring(0, 1), kv.substring(2));
        }
        byte[] salt = Base64.getDecoder().decode(attrs.get("s"));
        int iterations = Integer.parseInt(attrs.get("i"));
        String nonce = tamperNonce ? attrs.get("r") + "x" : attrs.get("r");
        String withoutProof = "c=biws,r=" + nonce;
        byte[] authMessage = (clientFirstBare + "," + serverFirst + "," + withoutProof).getBytes(StandardCharsets.UTF_8);
        byte[] salted = ScramCredential.saltedPassword(password, salt, iterations);
        byte[] clientKey = ScramCredential.hmac(salted, "Client Key".getBytes(StandardCharsets.US_ASCII));
        byte[] signature = ScramCredential.hmac(ScramCredential.sha256(clientKey), authMessage);
        byte[] proof = new byte[32];
        for (int i = 0; i < 32; i++) {
            proof[i] = (byte) (clientKey[i] ^ signature[i]);
        }
        SaslStep fin = x.next((withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof)).getBytes(StandardCharsets.UTF_8));
        if (!(fin instanceof SaslStep.Challenge c)) {
            return fin;
        }
        byte[] serverKey = ScramCredential.hmac(salted, "Server Key".getBytes(StandardCharsets.US_ASCII));
        String expected = "v=" + Base64.getEncoder().encodeToString(ScramCredential.hmac(serverKey, authMessage));
        assertThat(new String(c.data(), StandardCharsets.UTF_8)).isEqualTo(expected);
        return x.next(new byte[0]);
    }

    @Test
    void theRightPasswordAuthenticatesAndTheServerProvesItKnowsTheVerifier() {
        assertThat(run("user", "pencil", false)).isEqualTo(new SaslStep.Success("user"));
    }

    @Test
    void aWrongPasswordFails() {
        assertThat(run("user", "pen", false)).isEqualTo(new SaslStep.Failure(SaslStep.Reason.INVALID_CREDENTIALS));
    }

    @Test
    void anUnknownUserGetsASaltAndFailsOnlyAtTheProof() {
        assertThat(run("nobody", "pencil", false)).isEqualTo(new SaslStep.Failure(SaslStep.Reason.INVALID_CREDENTIALS));
    }

    @Test
    void aChangedNonceIsMalformed() {
        assertThat(run("user", "pencil", true)).isEqualTo(new SaslStep.Failure(SaslStep.Reason.MALFORMED));
    }

    @Test
    void channelBindingRequestsAreRefused() {
        SaslExchange x = auth.start("SCRAM-SHA-256").orElseThrow();
        assertThat(x.start(Optional.of("p=tls-unique,,n=user,r=abc".getBytes(StandardCharsets.UTF_8))))
                .isEqualTo(new SaslStep.Failure(SaslStep.Reason.MALFORMED));
    }

    @Test
    void saslNamesUnescapeCommaAndEquals() {
        assertThat(ScramSha256Exchange.saslName("a=2Cb=3Dc")).contains("a,b=c");
        assertThat(ScramSha256Exchange.saslName("a=b")).isEmpty();
    }
}
