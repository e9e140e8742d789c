package dev.facteur.toolkit.harness;

import dev.facteur.toolkit.tls.CipherSuite;
import dev.facteur.toolkit.tls.TlsVersion;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * An implicit-TLS IMAP peer that accepts versions and suites JSSE no longer can (TLS_RSA_*, 3DES,
 * RC4). It reads each ClientHello and picks the first suite of its table (in its order of
 * preference) that the client offers: a suite JSSE implements is handed to a real JSSE server
 * socket with the hello replayed (so real clients complete the handshake and get an IMAP greeting);
 * any other suite gets a canned ServerHello and the connection is closed, which is all a scanner
 * needs. Hostile modes answer with silence, garbage, endless records or an unoffered suite.
 */
public final class FakeTlsServer implements AutoCloseable {

    public enum Mode { NORMAL, STALL, GARBAGE, ENDLESS, UNOFFERED }

    private final ServerSocket server;
    private final SSLContext real;
    private final Map<TlsVersion, List<CipherSuite>> table;
    private final Mode mode;
    private final Set<String> jsseSuites;

    /** @param table per version, the suite names accepted, most preferred first */
    public FakeTlsServer(SSLContext real, Map<TlsVersion, List<String>> table, Mode mode) throws IOException {
        this.real = real;
        this.mode = mode;
        this.table = new LinkedHashMap<>();
        table.forEach((v, names) -> this.table.put(v, names.stream().map(FakeTlsServer::suite).toList()));
        this.jsseSuites = Set.of(real.getSupportedSSLParameters().getCipherSuites());
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread.ofVirtual().start(this::accept);
    }

    private static CipherSuite suite(String name) {
        return java.util.stream.Stream.concat(CipherSuite.TLS13.stream(), CipherSuite.LEGACY.stream())
                .filter(s -> s.name().equals(name)).findFirst().orElseThrow(() -> new IllegalArgumentException(name));
    }

    public int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread.ofVirtual().start(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    /** What a ClientHello offers: the highest version and the suite codes. */
    record Hello(byte[] raw, int version, List<Integer> suites) {
    }

    private void serve(Socket s) {
        try (s) {
            s.setSoTimeout(20_000);
            Hello h = read(s.getInputStream());
            OutputStream out = s.getOutputStream();
            switch (mode) {
                case STALL -> {
                    s.getInputStream().read();
                    return;
                }
                case GARBAGE -> {
                    out.write("220 this is not TLS\r\n".getBytes(StandardCharsets.US_ASCII));
                    return;
                }
                case ENDLESS -> {
                    byte[] record = new byte[5 + 16384];
                    record[0] = 22;
                    record[1] = 3;
                    record[2] = 3;
                    record[3] = 0x40;
                    record[5] = 2; // a ServerHello header claiming 16 MiB
                    record[6] = (byte) 0xff;
                    for (int i = 0; i < 100_000; i++) {
                        out.write(record);
                        record[5] = 0;
                        record[6] = 0;
                    }
                    return;
                }
                default -> { }
            }
            TlsVersion v = Arrays.stream(TlsVersion.values()).filter(x -> x.code() == h.version()).findFirst().orElse(null);
            List<CipherSuite> accepted = v == null ? List.of() : table.getOrDefault(v, List.of());
            CipherSuite choice = accepted.stream().filter(c -> h.suites().contains(c.code())).findFirst().orElse(null);
            if (choice == null) {
                out.write(new byte[] {21, 3, 3, 0, 2, 2, 40}); // fatal handshake_failure (RFC 8446 §6)
                return;
            }
            // The test identities hold EC keys: JSSE can serve the ECDHE_ECDSA suites and TLS 1.3, nothing else.
            boolean jsseCan = jsseSuites.contains(choice.name()) && (choice.name().startsWith("TLS_ECDHE_ECDSA_") || v == TlsVersion.TLS_1_3);
            if (mode == Mode.NORMAL && jsseCan) {
                // JSSE takes over with the hello replayed (SSLSocketFactory.createSocket with consumed bytes).
                SSLSocket t = (SSLSocket) real.getSocketFactory().createSocket(s, new ByteArrayInputStream(h.raw()), true);
                t.setUseClientMode(false);
                t.setEnabledProtocols(new String[] {v.label()});
                t.setEnabledCipherSuites(new String[] {choice.name()});
                imap(t);
                return;
            }
            out.write(serverHello(v, mode == Mode.UNOFFERED ? (v == TlsVersion.TLS_1_3 ? 0xC02F : 0x1301) : choice.code()));
            out.flush();
        } catch (IOException e) {
            // the client went away
        }
    }

    /** Just enough IMAP after TLS for the server check: greeting, CAPABILITY, LOGOUT (RFC 9051). */
    private static void imap(SSLSocket t) throws IOException {
        t.startHandshake();
        java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(t.getInputStream(), StandardCharsets.UTF_8));
        OutputStream out = t.getOutputStream();
        out.write("* OK fake ready\r\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            String tag = line.split(" ")[0];
            String cmd = line.substring(Math.min(line.length(), tag.length() + 1)).toUpperCase(java.util.Locale.ROOT);
            String reply = switch (cmd) {
                case "CAPABILITY" -> "* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n" + tag + " OK done";
                case "LOGOUT" -> "* BYE bye\r\n" + tag + " OK";
                default -> tag + " BAD unknown";
            };
            out.write((reply + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            if (cmd.equals("LOGOUT")) {
                return;
            }
        }
    }

    private static Hello read(InputStream in) throws IOException {
        DataInputStream d = new DataInputStream(in);
        byte[] header = d.readNBytes(5);
        int len = ((header[3] & 0xff) << 8) | (header[4] & 0xff);
        byte[] body = d.readNBytes(len);
        DataInputStream b = new DataInputStream(new ByteArrayInputStream(body));
        b.skipNBytes(4); // handshake type and length
        int version = b.readUnsignedShort();
        b.skipNBytes(32);
        b.skipNBytes(b.readUnsignedByte());
        int n = b.readUnsignedShort() / 2;
        List<Integer> suites = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            suites.add(b.readUnsignedShort());
        }
        b.skipNBytes(b.readUnsignedByte());
        if (b.available() >= 2) {
            int end = b.available() - b.readUnsignedShort();
            while (b.available() > end + 3) {
                int type = b.readUnsignedShort();
                int elen = b.readUnsignedShort();
                byte[] data = b.readNBytes(elen);
                if (type == 0x002b) {
                    for (int i = 1; i + 1 < data.length; i += 2) {
                        version = Math.max(version, ((data[i] & 0xff) << 8) | (data[i + 1] & 0xff));
                    }
                }
            }
        }
        byte[] raw = new byte[5 + len];
        System.arraycopy(header, 0, raw, 0, 5);
        System.arraycopy(body, 0, raw, 5, len);
        return new Hello(raw, version, suites);
    }

    private static byte[] serverHello(TlsVersion v, int suite) {
        boolean tls13 = v == TlsVersion.TLS_1_3;
        java.io.ByteArrayOutputStream m = new java.io.ByteArrayOutputStream();
        int legacy = tls13 ? 0x0303 : v.code();
        m.write(legacy >> 8);
        m.write(legacy);
        m.writeBytes(new byte[32]);
        m.write(0);
        m.write(suite >> 8);
        m.write(suite);
        m.write(0);
        byte[] ext = tls13 ? new byte[] {0x00, 0x2b, 0, 2, 3, 4} : new byte[0];
        m.write(ext.length >> 8);
        m.write(ext.length);
        m.writeBytes(ext);
        byte[] body = m.toByteArray();
        byte[] rec = new byte[9 + body.length];
        rec[0] = 22;
        rec[1] = 3;
        rec[2] = (byte) (tls13 ? 3 : Math.min(3, v.code() & 0xff));
        rec[3] = (byte) ((body.length + 4) >> 8);
        rec[4] = (byte) (body.length + 4);
        rec[5] = 2;
        rec[7] = (byte) (body.length >> 8);
        rec[8] = (byte) body.length;
        System.arraycopy(body, 0, rec, 9, body.length);
        return rec;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
