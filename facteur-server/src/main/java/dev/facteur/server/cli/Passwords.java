package dev.facteur.server.cli;

import dev.facteur.core.sasl.StoredCredential;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import picocli.CommandLine;

/** Reads a new password from stdin or a prompt (never from argv) and turns it into stored credentials. */
final class Passwords {
    static final int MIN_LENGTH = 8;
    static final int MAX_LENGTH = 1024;

    private Passwords() {}

    static String read(boolean fromStdin, CommandLine cl) {
        String password;
        if (fromStdin) {
            try {
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                password = in.readLine();
            } catch (IOException e) {
                throw new UserException("cannot read the password from stdin: " + e.getMessage());
            }
            if (password == null) {
                throw new UserException("no password on stdin");
            }
        } else {
            Console console = System.console();
            if (console == null) {
                throw new UserException("no terminal to prompt on; pass --password-stdin and the password on stdin");
            }
            char[] first = console.readPassword("New password: ");
            char[] second = console.readPassword("Again: ");
            if (first == null || second == null || !Arrays.equals(first, second)) {
                throw new UserException("the passwords do not match");
            }
            password = new String(first);
        }
        if (password.length() < MIN_LENGTH) {
            throw new UserException("the password must have at least " + MIN_LENGTH + " characters");
        }
        if (password.length() > MAX_LENGTH) {
            throw new UserException("the password is longer than " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < password.length(); i++) {
            if (Character.isISOControl(password.charAt(i))) {
                throw new UserException("the password contains a control character");
            }
        }
        return password;
    }

    /** The string the store keeps for a password. */
    static String credentials(String password) {
        return StoredCredential.fromPassword(password).encode();
    }
}
