package dev.facteur.imap.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A small scripted IMAP client for tests: send commands, read lines, check replies. */
final class ImapTestClient implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private int tags;

    ImapTestClient(String host, int port) throws IOException {
        this.socket = new Socket(host, port);
        socket.setSoTimeout(20_000);
        socket.setTcpNoDelay(true);
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    void send(String raw) throws IOException {
        out.write(raw.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    void sendBytes(byte[] raw) throws IOException {
        out.write(raw);
        out.flush();
    }

    /** Reads one line (without CRLF), or null at end of stream. */
    String readLine() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                byte[] line = b.toByteArray();
                int n = line.length > 0 && line[line.length - 1] == '\r' ? line.length - 1 : line.length;
                return new String(line, 0, n, StandardCharsets.UTF_8);
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.UTF_8);
    }

    /** Sends a tagged command and collects every line up to its tagged completion. */
    Reply command(String command) throws IOException {
        String tag = "t" + (++tags);
        send(tag + " " + command + "\r\n");
        return readReply(tag);
    }

    Reply readReply(String tag) throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = readLine();
            if (line == null) {
                throw new IOException("connection closed; read so far: " + lines);
            }
            lines.add(line);
            if (line.startsWith(tag + " ")) {
                return new Reply(lines);
            }
        }
    }

    boolean isClosed() throws IOException {
        try {
            return in.read() < 0;
        } catch (java.net.SocketException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** The lines of one command's reply; the last is the tagged completion. */
    record Reply(List<String> lines) {
        String tagged() {
            return lines.getLast();
        }

        List<String> untagged() {
            return lines.subList(0, lines.size() - 1);
        }

        Reply expectOk() {
            assertThat(tagged()).as("reply %s", lines).matches("\\S+ OK.*");
            return this;
        }

        Reply expectNo() {
            assertThat(tagged()).as("reply %s", lines).matches("\\S+ NO.*");
            return this;
        }

        Reply expectBad() {
            assertThat(tagged()).as("reply %s", lines).matches("\\S+ BAD.*");
            return this;
        }

        String all() {
            return String.join("\n", lines);
        }
    }
}
