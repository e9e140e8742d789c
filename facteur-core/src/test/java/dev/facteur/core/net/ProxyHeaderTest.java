package dev.facteur.core.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProxyHeaderTest {

    @Test
    void v1Tcp4GivesTheClientAddressAndLeavesTheRestUnread() throws IOException {
        InputStream in = new ByteArrayInputStream(
                "PROXY TCP4 192.0.2.7 198.51.100.1 51000 25\r\nEHLO x\r\n".getBytes(StandardCharsets.US_ASCII));
        ProxyHeader h = ProxyHeader.read(in);
        assertThat(h.source()).contains(new InetSocketAddress("192.0.2.7", 51000));
        assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("EHLO x\r\n");
    }

    @Test
    void v1UnknownHasNoSource() throws IOException {
        assertThat(ProxyHeader.read(new ByteArrayInputStream("PROXY UNKNOWN\r\n".getBytes(StandardCharsets.US_ASCII)))
                .source()).isEmpty();
    }

    @Test
    void v1WithAHostNameIsRefused() {
        assertThatThrownBy(() -> ProxyHeader.read(new ByteArrayInputStream(
                "PROXY TCP4 evil.example 198.51.100.1 1 2\r\n".getBytes(StandardCharsets.US_ASCII))))
                .isInstanceOf(ProxyHeader.MalformedException.class);
    }

    @Test
    void v1LongerThan107OctetsIsRefused() {
        assertThatThrownBy(() -> ProxyHeader.read(new ByteArrayInputStream(
                ("PROXY TCP4 " + "1".repeat(200) + "\r\n").getBytes(StandardCharsets.US_ASCII))))
                .isInstanceOf(ProxyHeader.MalformedException.class);
    }

    @Test
    void v2Tcp6GivesTheClientAddress() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(ProxyHeader.V2_SIGNATURE);
        b.write(0x21); // version 2, PROXY
        b.write(0x21); // AF_INET6, STREAM
        b.write(0);
        b.write(36);
        byte[] src = new byte[16];
        src[0] = 0x20;
        src[1] = 0x01;
        src[2] = 0x0d;
        src[3] = (byte) 0xb8;
        src[15] = 9;
        b.write(src);
        b.write(new byte[16]);
        b.write(new byte[] {(byte) 0xC3, 0x50, 0, 25});
        b.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
        InputStream in = new ByteArrayInputStream(b.toByteArray());
        ProxyHeader h = ProxyHeader.read(in);
        assertThat(h.source().orElseThrow().getAddress().getHostAddress()).isEqualTo("2001:db8:0:0:0:0:0:9");
        assertThat(h.source().orElseThrow().getPort()).isEqualTo(50000);
        assertThat(in.readAllBytes()).hasSize(6);
    }

    @Test
    void plainSmtpWithoutHeaderIsRefused() {
        assertThatThrownBy(() -> ProxyHeader.read(new ByteArrayInputStream("EHLO x\r\n".getBytes(StandardCharsets.US_ASCII))))
                .isInstanceOf(ProxyHeader.MalformedException.class);
    }
}
