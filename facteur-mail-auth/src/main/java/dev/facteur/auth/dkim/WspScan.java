package dev.facteur.auth.dkim;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds, eight octets at a time, where relaxed body canonicalisation (RFC 6376 §3.4.4) must
 * rewrite a body: at a TAB, or at an SP followed by SP, TAB or CR (a WSP run, or WSP before a line
 * end). Every other octet, single spaces between words included, is already canonical.
 */
final class WspScan {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;
    private static final long SP = 0x2020202020202020L;
    private static final long TAB = 0x0909090909090909L;
    private static final long CR = 0x0D0D0D0D0D0D0D0DL;
    private static final long TOP_OCTET = 0x80L << 56;

    private WspScan() {
    }

    /**
     * The first index in {@code [from, end)} that may need rewriting, or {@code end}. It may also
     * stop at an SP before a bare CR, which the caller keeps as it is.
     */
    static int nextRewrite(byte[] b, int from, int end) {
        int i = from;
        // Eight octets per step, plus the octet after them (it decides whether the last SP is alone).
        while (i + 9 <= end) {
            long w = (long) LONGS.get(b, i);
            long sp = zeroOctets(w ^ SP);
            long tab = zeroOctets(w ^ TAB);
            if ((sp | tab) != 0) {
                long follows = sp | tab | zeroOctets(w ^ CR);
                byte next = b[i + 8];
                long nextFollows = next == ' ' || next == '\t' || next == '\r' ? TOP_OCTET : 0;
                long hit = tab | (sp & ((follows >>> 8) | nextFollows));
                if (hit != 0) {
                    return i + (Long.numberOfTrailingZeros(hit) >>> 3);
                }
            }
            i += 8;
        }
        for (; i < end; i++) {
            byte c = b[i];
            if (c == '\t' || c == ' ' && (i + 1 == end || b[i + 1] == ' ' || b[i + 1] == '\t' || b[i + 1] == '\r')) {
                return i;
            }
        }
        return end;
    }

    /** 0x80 in exactly the octets of {@code x} that are zero (no borrow between octets), 0 elsewhere. */
    private static long zeroOctets(long x) {
        long t = (x & LOW7) + LOW7;
        return ~(t | x | LOW7);
    }
}
