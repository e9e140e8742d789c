package dev.facteur.smtp.outbound;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Postfix's smtp-sink (Debian package postfix) as a real SMTP peer on a loopback address: an
 * independent server implementation with PIPELINING, DSN, 8BITMIME and enhanced status codes,
 * dumping each accepted message to a file. Tests using it skip when it is not installed.
 */
final class SmtpSink implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/sbin/smtp-sink");

    private final Process process;
    private final Path dumps;
    final int port;

    private SmtpSink(Process process, Path dumps, int port) {
        this.process = process;
        this.dumps = dumps;
        this.port = port;
    }

    /** Starts smtp-sink on {@code address}, with extra options (e.g. {@code -f RCPT} to refuse recipients). */
    static SmtpSink start(String address, Path dir, String... options) {
        Assumptions.assumeTrue(Files.isExecutable(BINARY), "Postfix's smtp-sink is not installed (apt-get install postfix)");
        try {
            Path dumps = Files.createDirectories(dir.resolve("sink"));
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
            Files.setPosixFilePermissions(dumps, PosixFilePermissions.fromString("rwxrwxrwx"));
            int port = freePort(address);
            List<String> cmd = new ArrayList<>(List.of(BINARY.toString()));
            if ("root".equals(System.getProperty("user.name"))) {
                cmd.addAll(List.of("-u", "nobody"));
            }
            cmd.addAll(List.of(options));
            cmd.addAll(List.of("-d", dumps + "/%H%M%S.", address + ":" + port, "64"));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("sink.log").toFile()).start();
            SmtpSink sink = new SmtpSink(p, dumps, port);
            sink.awaitListening(address);
            return sink;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitListening(String address) throws IOException {
        // An external process gives no readiness signal: poll its port, for at most 20 seconds.
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(address, port), 200);
                return;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new IOException("smtp-sink exited with " + process.exitValue());
                }
                java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
            }
        }
        throw new IOException("smtp-sink did not start listening");
    }

    private static int freePort(String address) throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(address, 0));
            return s.getLocalPort();
        }
    }

    /** The dumped messages: smtp-sink's X- envelope lines, its Received line, then the message. */
    List<String> messages() {
        try (Stream<Path> files = Files.list(dumps)) {
            return files.sorted().map(f -> {
                try {
                    return Files.readString(f, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
