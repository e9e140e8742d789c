package dev.facteur.core.sasl;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * SCRAM-SHA-256 (RFC 7677, RFC 5802 §5) without channel binding: client-first, server-first,
 * client-final with proof, server-final with the server signature, then success once the client
 * acknowledges (the protocols have no room for data in their success reply).
 */
final class ScramSha256Exchange implements SaslExchange {
    private enum State { CLIENT_FIRST, CLIENT_FINAL, CLIENT_ACK, DONE }

    private final CredentialLookup lookup;
    private final byte[] fakeSaltKey;
    private final SecureRandom random;
    private State state = State.CLIENT_FIRST;
    private String gs2Header;
    private String clientFirstBare;
    private String serverFirst;
    private String nonce;
    private Optional<UserCredentials> user = Optional.empty();
    private ScramCredential secret;
    private String account;

    ScramSha256Exchange(CredentialLookup lookup, byte[] fakeSaltKey, SecureRandom random) {
        this.lookup = lookup;
        this.fakeSaltKey = fakeSaltKey;
        this.random = random;
    }

    @Override
    public String mechanism() {
        return "SCRAM-SHA-256";
    }

    @Override
    public SaslStep start(Optional<byte[]> initialResponse) {
        // RFC 5802 §5: SCRAM is client-first; an empty challenge asks for the first message.
        return initialResponse.map(this::next).orElseGet(() -> new SaslStep.Challenge(new byte[0]));
    }

    @Override
    public SaslStep next(byte[] response) {
        String msg = new String(response, StandardCharsets.UTF_8);
        return switch (state) {
            case CLIENT_FIRST -> clientFirst(msg);
            case CLIENT_FINAL -> clientFinal(msg);
            case CLIENT_ACK -> {
                state = State.DONE;
                yield new SaslStep.Success(account);
            }
            case DONE -> fail(SaslStep.Reason.MALFORMED);
        };
    }

    private SaslStep clientFirst(String msg) {
        // RFC 5802 §7: gs2-cbind-flag "," [authzid] "," client-first-message-bare
        int c1 = msg.indexOf(',');
        int c2 = c1 < 0 ? -1 : msg.indexOf(',', c1 + 1);
        if (c2 < 0) {
            return fail(SaslStep.Reason.MALFORMED);
        }
        String flag = msg.substring(0, c1);
        // "p=" asks for channel binding, which needs SCRAM-SHA-256-PLUS (not offered).
        if (!flag.equals("n") && !flag.equals("y")) {
            return fail(SaslStep.Reason.MALFORMED);
        }
        String authzid = msg.substring(c1 + 1, c2);
        gs2Header = msg.substring(0, c2 + 1);
        clientFirstBare = msg.substring(c2 + 1);
        String[] attrs = clientFirstBare.split(",", -1);
        // RFC 5802 §5.1: "m" is reserved and must make authentication fail.
        if (attrs.length < 2 || !attrs[0].startsWith("n=") || !attrs[1].startsWith("r=") || attrs[1].length() < 3) {
            return fail(SaslStep.Reason.MALFORMED);
        }
        Optional<String> username = saslName(attrs[0].substring(2));
        if (username.isEmpty() || !authzid.isEmpty() && !authzid.startsWith("a=")) {
            return fail(SaslStep.Reason.MALFORMED);
        }
        user = lookup.find(username.get());
        secret = user.flatMap(u -> u.credential().scram()).orElseGet(() -> fakeSecret(username.get()));
        if (!authzid.isEmpty() && user.isPresent()) {
            Optional<String> az = saslName(authzid.substring(2));
            if (az.isEmpty() || !az.get().equalsIgnoreCase(username.get())
                    && !az.get().equalsIgnoreCase(user.get().account())) {
                user = Optional.empty(); // only oneself may be the authorisation identity
            }
        }
        byte[] serverNonce = new byte[18];
        random.nextBytes(serverNonce);
        nonce = attrs[1].substring(2) + Base64.getEncoder().encodeToString(serverNonce);
        serverFirst = "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(secret.salt()) + ",i="
                + secret.iterations();
        state = State.CLIENT_FINAL;
        return new SaslStep.Challenge(serverFirst.getBytes(StandardCharsets.UTF_8));
    }

    private SaslStep clientFinal(String msg) {
        int p = msg.lastIndexOf(",p=");
        if (p < 0) {
            return fail(SaslStep.Reason.MALFORMED);
        }
        String withoutProof = msg.substring(0, p);
        String[] attrs = withoutProof.split(",", -1);
        if (attrs.length < 2 || !attrs[0].startsWith("c=") || !attrs[1].startsWith("r=")) {
            return fail(SaslStep.Reason.MALFORMED);
        }
        byte[] proof;
        byte[] binding;
        try {
            proof = Base64.getDecoder().decode(msg.substring(p + 3));
            binding = Base64.getDecoder().decode(attrs[0].substring(2));
        } catch (IllegalArgumentException e) {
            return fail(SaslStep.Reason.MALFORMED);
        }
        // RFC 5802 §5.1: c= repeats the GS2 header; r= must be our combined nonce.
        if (!Arrays.equals(binding, gs2Header.getBytes(StandardCharsets.UTF_8))
                || !attrs[1].substring(2).equals(nonce) || proof.length != 32) {
            return fail(SaslStep.Reason.MALFORMED);
        }
        byte[] authMessage = (clientFirstBare + "," + serverFirst + "," + withoutProof).getBytes(StandardCharsets.UTF_8);
        byte[] clientSignature = ScramCredential.hmac(secret.storedKey(), authMessage);
        byte[] clientKey = new byte[32];
        for (int i = 0; i < 32; i++) {
            clientKey[i] = (byte) (proof[i] ^ clientSignature[i]);
        }
        boolean ok = MessageDigest.isEqual(ScramCredential.sha256(clientKey), secret.storedKey());
        if (!ok || user.isEmpty()) {
            return fail(SaslStep.Reason.INVALID_CREDENTIALS);
        }
        if (user.get().disabled()) {
            return fail(SaslStep.Reason.ACCOUNT_DISABLED);
        }
        account = user.get().account();
        state = State.CLIENT_ACK;
        byte[] serverSignature = ScramCredential.hmac(secret.serverKey(), authMessage);
        return new SaslStep.Challenge(("v=" + Base64.getEncoder().encodeToString(serverSignature))
                .getBytes(StandardCharsets.UTF_8));
    }

    /** A stable fake salt per unknown user, so probing cannot tell unknown users apart (RFC 5802 §9). */
    private ScramCredential fakeSecret(String username) {
        byte[] salt = Arrays.copyOf(ScramCredential.hmac(fakeSaltKey, username.getBytes(StandardCharsets.UTF_8)), 16);
        byte[] key = ScramCredential.hmac(fakeSaltKey, salt);
        return new ScramCredential(ScramCredential.DEFAULT_ITERATIONS, salt, key, key);
    }

    /** RFC 5802 §5.1: saslname escapes ',' as =2C and '=' as =3D; any other '=' is an error. */
    static Optional<String> saslName(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '=') {
                if (s.startsWith("=2C", i)) {
                    b.append(',');
                } else if (s.startsWith("=3D", i)) {
                    b.append('=');
                } else {
                    return Optional.empty();
                }
                i += 2;
            } else {
                b.append(c);
            }
        }
        return b.isEmpty() ? Optional.empty() : Optional.of(b.toString());
    }

    private SaslStep fail(SaslStep.Reason reason) {
        state = State.DONE;
        return new SaslStep.Failure(reason);
    }
}
