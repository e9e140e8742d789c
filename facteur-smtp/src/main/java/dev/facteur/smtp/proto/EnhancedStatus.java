package dev.facteur.smtp.proto;

/** An RFC 3463 enhanced status code, {@code class.subject.detail}. */
public record EnhancedStatus(int klass, int subject, int detail) {
    public EnhancedStatus {
        // RFC 3463 §2: class is 2, 4 or 5; subject and detail 0-999.
        if (klass != 2 && klass != 4 && klass != 5 || subject < 0 || subject > 999 || detail < 0 || detail > 999) {
            throw new IllegalArgumentException("bad enhanced status " + klass + "." + subject + "." + detail);
        }
    }

    public static EnhancedStatus of(String text) {
        String[] p = text.split("\\.");
        return new EnhancedStatus(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]));
    }

    @Override
    public String toString() {
        return klass + "." + subject + "." + detail;
    }
}
