package dev.facteur.pop3.server;

import java.util.Optional;

/** RFC 1939 §3: the states of a POP3 session. */
sealed interface SessionState {

    /** RFC 1939 §4: before login; {@code user} is the name given by USER, waiting for PASS. */
    record Authorization(Optional<String> user) implements SessionState {}

    /** RFC 1939 §5: logged in, working on the maildrop snapshot taken at login. */
    record Transaction(Maildrop maildrop) implements SessionState {}

    /** RFC 1939 §6: QUIT was given in TRANSACTION; the marked messages are being removed. */
    record Update(Maildrop maildrop) implements SessionState {}
}
