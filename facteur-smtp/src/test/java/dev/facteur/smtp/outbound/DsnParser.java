package dev.facteur.smtp.outbound;

import jakarta.mail.BodyPart;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/** Reads a DSN with Angus Mail (a MIME parser we did not write) into its three parts. */
record DsnParser(String contentType, String subject, String human, String status, String returnedType, String returned) {

    static DsnParser parse(byte[] message) throws Exception {
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(message));
        MimeMultipart mp = new MimeMultipart(m.getDataHandler().getDataSource());
        if (mp.getCount() != 3) {
            throw new AssertionError("a DSN has three parts, got " + mp.getCount());
        }
        BodyPart third = mp.getBodyPart(2);
        return new DsnParser(m.getContentType(), m.getSubject(), text(mp.getBodyPart(0)), text(mp.getBodyPart(1)),
                third.getContentType(), text(third));
    }

    private static String text(BodyPart p) throws Exception {
        try (InputStream in = p.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
