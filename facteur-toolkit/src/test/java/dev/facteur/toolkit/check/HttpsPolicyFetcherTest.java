package dev.facteur.toolkit.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facteur.auth.dns.InMemoryDnsResolver;
import dev.facteur.toolkit.harness.TestCertificates;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import javax.net.ssl.SSLServerSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The policy fetch against hostile HTTPS servers: each ends in a bounded failure, never a hang or an unbounded read. */
class HttpsPolicyFetcherTest {

    static TestCertificates.Identity id;

    @BeforeAll
    static void certificate() throws Exception {
        id = TestCertificates.create("mta-sts.hostile.test", Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(30)));
    }

    /** Serves every connection with {@code behaviour} over TLS; returns the fetcher's result. */
    private static PolicyFetcher.Result fetchFrom(Consumer<OutputStream> behaviour) throws Exception {
        try (SSLServerSocket server = (SSLServerSocket) id.serverContext().getServerSocketFactory().createServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
            Thread t = Thread.ofVirtual().start(() -> {
                try (Socket s = server.accept()) {
                    s.getInputStream().read(new byte[4096]);
                    behaviour.accept(s.getOutputStream());
                } catch (IOException | RuntimeException e) {
                    // the fetcher hung up
                }
            });
            InMemoryDnsResolver dns = new InMemoryDnsResolver().a("mta-sts.hostile.test", "127.0.0.1");
            PolicyFetcher.Result r = new HttpsPolicyFetcher(dns, server.getLocalPort(), id.trust(), Duration.ofSeconds(1)).fetch("hostile.test");
            t.interrupt();
            return r;
        }
    }

    private static void write(OutputStream out, String s) {
        try {
            out.write(s.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aServerThatNeverAnswersFailsWithinTheLimit() throws Exception {
        long t0 = System.nanoTime();
        PolicyFetcher.Result r = fetchFrom(out -> {
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(6));
        assertThat(r).isInstanceOf(PolicyFetcher.Result.Failed.class);
    }

    @Test
    void endlessHeadersAndHugeBodiesAreCutOff() throws Exception {
        PolicyFetcher.Result headers = fetchFrom(out -> {
            write(out, "HTTP/1.1 200 OK\r\n");
            for (int i = 0; i < 10_000; i++) {
                write(out, "X-Filler: " + i + "\r\n");
            }
        });
        assertThat(headers).isInstanceOfSatisfying(PolicyFetcher.Result.Failed.class, f -> assertThat(f.reason()).contains("header fields"));
        PolicyFetcher.Result body = fetchFrom(out -> {
            write(out, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n");
            for (int i = 0; i < 2000; i++) {
                write(out, "mx: " + "x".repeat(1000) + "\r\n");
            }
        });
        assertThat(body).isInstanceOfSatisfying(PolicyFetcher.Result.Failed.class, f -> assertThat(f.reason()).contains("64 KiB"));
        PolicyFetcher.Result declared = fetchFrom(out -> write(out, "HTTP/1.1 200 OK\r\nContent-Length: 99999999\r\n\r\n"));
        assertThat(declared).isInstanceOfSatisfying(PolicyFetcher.Result.Failed.class, f -> assertThat(f.reason()).contains("64 KiB"));
    }

    @Test
    void aRedirectIsNotFollowedAndNonHttpIsAProtocolError() throws Exception {
        PolicyFetcher.Result redirect = fetchFrom(out -> write(out, "HTTP/1.1 301 Moved\r\nLocation: https://elsewhere.test/\r\nContent-Length: 0\r\n\r\n"));
        assertThat(redirect).isEqualTo(new PolicyFetcher.Result.Failed(PolicyFetcher.Step.STATUS, "HTTP status 301"));
        PolicyFetcher.Result garbage = fetchFrom(out -> write(out, "220 mail.example ESMTP\r\n"));
        assertThat(garbage).isInstanceOfSatisfying(PolicyFetcher.Result.Failed.class, f -> assertThat(f.step()).isEqualTo(PolicyFetcher.Step.PROTOCOL));
    }

    @Test
    void aChunkedPolicyIsReassembled() throws Exception {
        PolicyFetcher.Result r = fetchFrom(out -> write(out, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "e\r\nversion: STSv1\r\n0\r\n\r\n"));
        assertThat(r).isEqualTo(new PolicyFetcher.Result.Fetched("version: STSv1", "text/plain"));
    }
}
