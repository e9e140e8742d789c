package dev.facteur.pop3.server;

import dev.facteur.core.net.Connection;
import dev.facteur.core.net.Line;
import dev.facteur.core.sasl.SaslExchange;
import dev.facteur.core.sasl.SaslStep;
import dev.facteur.pop3.proto.Pop3Command;
import dev.facteur.pop3.proto.Pop3Response;
import dev.facteur.pop3.proto.Pop3Response.Status;
import dev.facteur.pop3.proto.ResponseCode;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Checks credentials for USER/PASS, APOP and AUTH, applying the shared throttle, and returns
 * the authenticated account name. Every failure is a {@link Pop3CommandFailed} carrying the
 * reply; the caller opens the maildrop on success.
 */
final class Pop3Authenticator {
    /** The mechanisms POP3 offers, strongest first, when the shared authenticator has them. */
    private static final List<String> POP3_MECHANISMS = List.of("SCRAM-SHA-256", "PLAIN", "OAUTHBEARER", "XOAUTH2");
    /** Mechanisms that reveal a reusable secret (password or bearer token) to an eavesdropper. */
    private static final Set<String> PLAINTEXT_MECHANISMS = Set.of("PLAIN", "OAUTHBEARER", "XOAUTH2");
    /** Bound on challenge/response rounds; SCRAM needs three. */
    private static final int MAX_ROUNDS = 8;

    private final Pop3Settings settings;
    private final Pop3Services services;
    private final InetAddress client;
    private final Optional<String> apopTimestamp;
    private final Consumer<Duration> pause;

    Pop3Authenticator(Pop3Settings settings, Pop3Services services, InetAddress client,
                      Optional<String> apopTimestamp, Consumer<Duration> pause) {
        this.settings = settings;
        this.services = services;
        this.client = client;
        this.apopTimestamp = apopTimestamp;
        this.pause = pause;
    }

    /** The SASL mechanisms to advertise and accept on this connection now. */
    List<String> mechanisms(boolean plaintextAllowed) {
        List<String> offered = services.sasl().mechanisms();
        List<String> names = new ArrayList<>();
        for (String m : POP3_MECHANISMS) {
            if (offered.contains(m) && (plaintextAllowed || !PLAINTEXT_MECHANISMS.contains(m))) {
                names.add(m);
            }
        }
        return names;
    }

    /** True if the mechanism sends a reusable secret in the clear (refused before TLS). */
    static boolean revealsSecret(String mechanism) {
        return PLAINTEXT_MECHANISMS.contains(mechanism);
    }

    /** RFC 1939 §7 PASS, checked through the shared PLAIN mechanism (same cost, same throttle). */
    String userPass(String user, String password) throws Pop3CommandFailed {
        refuseIfLockedOut();
        SaslExchange plain = services.sasl().start("PLAIN").orElseThrow();
        byte[] message = ("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8);
        return outcome(plain.start(Optional.of(message)));
    }

    /** RFC 1939 §7 APOP: the digest is MD5 of the greeting's timestamp followed by the secret. */
    String apop(Pop3Command.Apop command) throws Pop3CommandFailed {
        if (apopTimestamp.isEmpty() || services.apop().isEmpty()) {
            throw new Pop3CommandFailed(Status.err("APOP not available"));
        }
        refuseIfLockedOut();
        Optional<ApopSecrets.Secret> secret = services.apop().get().find(command.name());
        // An unknown user costs the same digest as a known one.
        byte[] expected = md5(apopTimestamp.get() + secret.map(ApopSecrets.Secret::secret).orElse("\0unknown"));
        byte[] given = HexFormat.of().parseHex(command.digest());
        boolean ok = MessageDigest.isEqual(expected, given) && secret.isPresent();
        return outcome(ok ? new SaslStep.Success(secret.get().account())
                : new SaslStep.Failure(SaslStep.Reason.INVALID_CREDENTIALS));
    }

    /** RFC 5034 §4 AUTH: runs the exchange over the connection, challenge by challenge. */
    String sasl(String mechanism, Optional<String> initialResponse, boolean plaintextAllowed, Connection c,
                Pop3Responder out) throws Pop3CommandFailed, IOException {
        if (!mechanisms(plaintextAllowed).contains(mechanism)) {
            if (revealsSecret(mechanism) && mechanisms(true).contains(mechanism)) {
                throw new Pop3CommandFailed(Status.err(ResponseCode.AUTH, "mechanism not allowed without TLS"));
            }
            throw new Pop3CommandFailed(Status.err("unsupported authentication mechanism"));
        }
        refuseIfLockedOut();
        SaslExchange exchange = services.sasl().start(mechanism).orElseThrow();
        // RFC 5034 §4: "=" is an initial response of zero length
        SaslStep step = exchange.start(initialResponse.isEmpty() ? Optional.empty()
                : Optional.of(initialResponse.get().equals("=") ? new byte[0] : decode(initialResponse.get())));
        for (int round = 0; step instanceof SaslStep.Challenge challenge; round++) {
            if (round == MAX_ROUNDS) {
                throw new Pop3CommandFailed(Status.err("authentication exchange too long"));
            }
            out.send(new Pop3Response.Continuation(Base64.getEncoder().encodeToString(challenge.data())));
            Line line = c.in().readLine(settings.maxSaslLineOctets());
            if (line.tooLong()) {
                throw new Pop3CommandFailed(Status.err("authentication response too long"));
            }
            if (line.is("*")) {
                // RFC 5034 §4: "*" cancels the exchange
                throw new Pop3CommandFailed(Status.err("authentication cancelled"));
            }
            step = exchange.next(decode(line.text()));
        }
        return outcome(step);
    }

    private String outcome(SaslStep step) throws Pop3CommandFailed {
        return switch (step) {
            case SaslStep.Success s -> {
                services.throttle().success(client);
                yield s.account();
            }
            case SaslStep.Failure f -> throw failure(f.reason());
            case SaslStep.Challenge c -> throw new IllegalStateException("challenge handled by the caller");
        };
    }

    private Pop3CommandFailed failure(SaslStep.Reason reason) {
        pause.accept(services.throttle().delayAfterFailure(client));
        return switch (reason) {
            // RFC 3206 §5: AUTH means the credentials were wrong
            case INVALID_CREDENTIALS -> new Pop3CommandFailed(Status.err(ResponseCode.AUTH, "authentication failed"));
            case MALFORMED -> new Pop3CommandFailed(Status.err(ResponseCode.AUTH, "malformed authentication data"));
            // RFC 3206 §4: SYS/PERM, retrying will not help
            case ACCOUNT_DISABLED -> new Pop3CommandFailed(Status.err(ResponseCode.SYS_PERM, "account disabled"));
        };
    }

    private void refuseIfLockedOut() throws Pop3CommandFailed {
        if (services.throttle().isLockedOut(client)) {
            throw new Pop3CommandFailed(Status.err(ResponseCode.SYS_TEMP,
                    "too many authentication failures, try again later"));
        }
    }

    private static byte[] decode(String base64) throws Pop3CommandFailed {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            // RFC 5034 §4: a response that is not valid base64 fails the command
            throw new Pop3CommandFailed(Status.err("invalid base64 in authentication response"));
        }
    }

    private static byte[] md5(String text) {
        try {
            return MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every JDK", e);
        }
    }

    /** Sends a response at once (a SASL challenge must reach the client before we wait). */
    @FunctionalInterface
    interface Pop3Responder {
        void send(Pop3Response response) throws IOException;
    }
}
