package dev.facteur.smtp.server.auth;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A plain SMTP client for these tests: send a line, read a whole reply, return its last line. */
final class SmtpLineClient implements AutoCloseable {
    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;

    SmtpLineClient(InetSocketAddress address) throws IOException {
        socket = new Socket(address.getAddress(), address.getPort());
        socket.setSoTimeout(15_000);
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        out = socket.getOutputStream();
    }

    /** Reads one reply and returns its last line. */
    String reply() throws IOException {
        while (true) {
            String line = in.readLine();
            if (line == null) {
                throw new IOException("connection closed");
            }
            if (line.length() < 4 || line.charAt(3) != '-') {
                return line;
            }
        }
    }

    String command(String line) throws IOException {
        return raw(line + "\r\n");
    }

    /** Sends octets as they are and returns the last line of the reply. */
    String raw(String octets) throws IOException {
        out.write(octets.getBytes(StandardCharsets.UTF_8));
        out.flush();
        return reply();
    }

    /** A whole transaction after the greeting and EHLO; returns the reply to the end of data. */
    String transaction(String from, String to, String message) throws IOException {
        String mail = command("MAIL FROM:<" + from + ">");
        if (!mail.startsWith("250")) {
            return mail;
        }
        String rcpt = command("RCPT TO:<" + to + ">");
        if (!rcpt.startsWith("250")) {
            return rcpt;
        }
        String data = command("DATA");
        if (!data.startsWith("354")) {
            return data;
        }
        return raw(message + "\r\n.\r\n");
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
