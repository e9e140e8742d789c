package dev.facteur.testkit.dns;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TLSARecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * An authoritative DNS server on 127.0.0.1, UDP and TCP on the same ephemeral port, fed in code:
 * <pre>{@code
 * try (TestDnsServer dns = TestDnsServer.start()) {
 *     dns.a("mx.example.test", "127.0.0.2").mx("example.test", 10, "mx.example.test")
 *        .txt("example.test", "v=spf1 -all");
 *     resolverFor(dns.hostPort());
 * }
 * }</pre>
 * Zone data may change while the server runs. Long TXT strings are split into 255-octet
 * character-strings; answers too big for UDP set TC so clients retry over TCP.
 */
public final class TestDnsServer implements AutoCloseable {

    private static final long TTL = 300;

    private final DatagramSocket udp;
    private final ServerSocket tcp;
    private final Map<Name, List<Record>> zone = new ConcurrentHashMap<>();
    private final Set<Name> timeouts = ConcurrentHashMap.newKeySet();
    private final Set<Name> servfails = ConcurrentHashMap.newKeySet();
    private final Set<Name> authenticated = ConcurrentHashMap.newKeySet();
    private final List<String> queries = java.util.Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger tcpQueries = new AtomicInteger();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean closed;

    private TestDnsServer(DatagramSocket udp, ServerSocket tcp) {
        this.udp = udp;
        this.tcp = tcp;
    }

    /** Binds UDP and TCP on one free loopback port and starts answering. */
    public static TestDnsServer start() {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        for (int attempt = 0; attempt < 20; attempt++) {
            DatagramSocket u = null;
            try {
                u = new DatagramSocket(new InetSocketAddress(loopback, 0));
                ServerSocket t = new ServerSocket();
                try {
                    t.bind(new InetSocketAddress(loopback, u.getLocalPort()));
                } catch (IOException busy) {
                    t.close();
                    u.close();
                    continue;
                }
                TestDnsServer server = new TestDnsServer(u, t);
                server.threads.add(Thread.ofVirtual().name("test-dns-udp").start(server::serveUdp));
                server.threads.add(Thread.ofVirtual().name("test-dns-tcp").start(server::serveTcp));
                return server;
            } catch (IOException e) {
                if (u != null) {
                    u.close();
                }
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("no free loopback port for UDP and TCP together");
    }

    /** The port (UDP and TCP). */
    public int port() {
        return udp.getLocalPort();
    }

    /** {@code 127.0.0.1:port}, the form resolvers are configured with. */
    public String hostPort() {
        return udp.getLocalAddress().getHostAddress() + ":" + port();
    }

    public TestDnsServer a(String name, String address) {
        return add(new ARecord(name(name), DClass.IN, TTL, ip(address)));
    }

    public TestDnsServer aaaa(String name, String address) {
        return add(new AAAARecord(name(name), DClass.IN, TTL, ip(address)));
    }

    public TestDnsServer mx(String name, int preference, String exchange) {
        return add(new MXRecord(name(name), DClass.IN, TTL, preference, name(exchange)));
    }

    /** One TXT record; each string longer than 255 octets is split into several character-strings. */
    public TestDnsServer txt(String name, String... strings) {
        List<byte[]> parts = new ArrayList<>();
        for (String s : strings) {
            byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            if (b.length == 0) {
                parts.add(b);
            }
            for (int i = 0; i < b.length; i += 255) {
                parts.add(java.util.Arrays.copyOfRange(b, i, Math.min(b.length, i + 255)));
            }
        }
        return add(new TXTRecord(name(name), DClass.IN, TTL, parts.stream().map(TestDnsServer::latin1).toList()));
    }

    /** A PTR record for an IP address (its reverse name is derived) or an explicit owner name. */
    public TestDnsServer ptr(String addressOrName, String target) {
        Name owner;
        if (addressOrName.matches("[0-9a-fA-F:.]+") && (addressOrName.contains(":") || addressOrName.matches("[0-9.]+"))) {
            owner = org.xbill.DNS.ReverseMap.fromAddress(ip(addressOrName));
        } else {
            owner = name(addressOrName);
        }
        return add(new PTRRecord(owner, DClass.IN, TTL, name(target)));
    }

    public TestDnsServer cname(String name, String target) {
        return add(new CNAMERecord(name(name), DClass.IN, TTL, name(target)));
    }

    public TestDnsServer tlsa(String name, int usage, int selector, int matchingType, byte[] data) {
        return add(new TLSARecord(name(name), DClass.IN, TTL, usage, selector, matchingType, data));
    }

    /** Answers for this name carry the AD bit, as a validating resolver would set it. */
    public TestDnsServer authenticated(String name) {
        authenticated.add(name(name));
        return this;
    }

    /** Queries for this name are never answered (the client times out). */
    public TestDnsServer timeout(String name) {
        timeouts.add(name(name));
        return this;
    }

    /** Queries for this name get SERVFAIL. */
    public TestDnsServer servfail(String name) {
        servfails.add(name(name));
        return this;
    }

    /** Removes all records and behaviours for a name (it then answers NXDOMAIN). */
    public TestDnsServer remove(String name) {
        Name n = name(name);
        zone.remove(n);
        timeouts.remove(n);
        servfails.remove(n);
        authenticated.remove(n);
        return this;
    }

    /** Adds any dnsjava record. */
    public TestDnsServer add(Record record) {
        zone.computeIfAbsent(record.getName(), k -> new CopyOnWriteArrayList<>()).add(record);
        return this;
    }

    /** Queries received so far, as {@code TYPE name} (name without trailing dot). */
    public List<String> queries() {
        synchronized (queries) {
            return List.copyOf(queries);
        }
    }

    /** Queries received over TCP. */
    public int tcpQueryCount() {
        return tcpQueries.get();
    }

    @Override
    public void close() {
        closed = true;
        udp.close();
        try {
            tcp.close();
        } catch (IOException ignored) {
            // closing: nothing to do
        }
        for (Thread t : threads) {
            t.interrupt();
        }
    }

    private void serveUdp() {
        byte[] buffer = new byte[65535];
        while (!closed) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                udp.receive(packet);
                byte[] query = java.util.Arrays.copyOf(packet.getData(), packet.getLength());
                byte[] answer = respond(query, true);
                if (answer.length > 0) {
                    udp.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
                }
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void serveTcp() {
        while (!closed) {
            try {
                Socket s = tcp.accept();
                threads.add(Thread.ofVirtual().name("test-dns-tcp-conn").start(() -> serveConnection(s)));
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void serveConnection(Socket socket) {
        try (socket) {
            socket.setSoTimeout(10_000);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            while (!closed) {
                // RFC 7766 §8: each message is preceded by a two-octet length.
                int length = in.readUnsignedShort();
                byte[] query = in.readNBytes(length);
                tcpQueries.incrementAndGet();
                byte[] answer = respond(query, false);
                if (answer.length == 0) {
                    continue;
                }
                out.writeShort(answer.length);
                out.write(answer);
                out.flush();
            }
        } catch (IOException e) {
            // client closed or timed out: the connection ends
        }
    }

    /** Builds the wire answer; an empty array means "stay silent" (timeout simulation). */
    private byte[] respond(byte[] wire, boolean viaUdp) {
        Message query;
        try {
            query = new Message(wire);
        } catch (IOException e) {
            return new byte[0];
        }
        Record question = query.getQuestion();
        Message response = new Message(query.getHeader().getID());
        Header h = response.getHeader();
        h.setFlag(Flags.QR);
        h.setFlag(Flags.AA);
        if (query.getHeader().getFlag(Flags.RD)) {
            h.setFlag(Flags.RD);
        }
        if (question == null || query.getHeader().getOpcode() != Opcode.QUERY) {
            h.setRcode(Rcode.FORMERR);
            return response.toWire();
        }
        response.addRecord(question, Section.QUESTION);
        if (queries.size() < 100_000) {
            queries.add(Type.string(question.getType()) + " " + stripDot(question.getName()));
        }
        if (!answer(question, response)) {
            return new byte[0];
        }
        int limit = 512;
        OPTRecord opt = query.getOPT();
        if (opt != null) {
            // RFC 6891 §6.2.3: the requestor's advertised UDP payload size.
            limit = Math.max(512, opt.getPayloadSize());
            response.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
        }
        byte[] out = response.toWire();
        if (viaUdp && out.length > limit) {
            // RFC 1035 §4.2.1: too long for UDP, so truncate and set TC.
            Message truncated = new Message(query.getHeader().getID());
            truncated.getHeader().setFlag(Flags.QR);
            truncated.getHeader().setFlag(Flags.AA);
            truncated.getHeader().setFlag(Flags.TC);
            truncated.addRecord(question, Section.QUESTION);
            return truncated.toWire();
        }
        return out;
    }

    private boolean answer(Record question, Message response) {
        Name name = question.getName();
        int type = question.getType();
        Set<Name> seen = new HashSet<>();
        boolean ad = true;
        while (true) {
            if (timeouts.contains(name)) {
                return false;
            }
            if (servfails.contains(name)) {
                response.getHeader().setRcode(Rcode.SERVFAIL);
                return true;
            }
            ad &= authenticated.contains(name);
            List<Record> records = zone.getOrDefault(name, List.of());
            if (records.isEmpty()) {
                response.getHeader().setRcode(Rcode.NXDOMAIN);
                addSoa(response, name);
                return true;
            }
            List<Record> matching = records.stream().filter(r -> r.getType() == type || type == Type.ANY).toList();
            if (!matching.isEmpty()) {
                matching.forEach(r -> response.addRecord(r, Section.ANSWER));
                if (ad) {
                    response.getHeader().setFlag(Flags.AD);
                }
                return true;
            }
            Record cname = records.stream().filter(r -> r.getType() == Type.CNAME).findFirst().orElse(null);
            if (cname == null || !seen.add(name) || seen.size() > 16) {
                addSoa(response, name);
                return true;
            }
            // RFC 1034 §4.3.2 step 3.a: include the CNAME and restart the lookup at its target.
            response.addRecord(cname, Section.ANSWER);
            name = ((CNAMERecord) cname).getTarget();
        }
    }

    private static void addSoa(Message response, Name name) {
        Name zoneName = name.labels() > 2 ? new Name(name, name.labels() - 3) : name;
        try {
            Name ns = Name.fromString("ns.test.");
            response.addRecord(new SOARecord(zoneName, DClass.IN, 60, ns, ns, 1, 3600, 600, 86400, 60), Section.AUTHORITY);
        } catch (TextParseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String stripDot(Name n) {
        String s = n.toString();
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    private static Name name(String text) {
        try {
            return Name.fromString(text.endsWith(".") ? text : text + ".");
        } catch (TextParseException e) {
            throw new IllegalArgumentException("bad DNS name: " + text, e);
        }
    }

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("not an IP literal: " + literal, e);
        }
    }

    /** Master-file escaping (RFC 1035 §5.1) of raw octets, which dnsjava parses back exactly. */
    private static String latin1(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            int c = x & 0xff;
            if (c == '"' || c == '\\') {
                sb.append('\\').append((char) c);
            } else if (c < 0x20 || c > 0x7e) {
                sb.append('\\').append(String.format("%03d", c));
            } else {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }
}
