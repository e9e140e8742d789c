package dev.facteur.smtp.proto;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * The octets of one incoming message, capped at the size limit: beyond it, octets are counted
 * but not kept, so a hostile client costs at most {@code limit} octets. Up to the spill threshold
 * they are held in memory; past it (when a spool directory is given) they go to a temporary file
 * there, so a session's heap stays under the threshold whatever the message size. {@link #close()}
 * deletes the file; the owner closes the buffer on every path.
 */
public final class MessageBuffer extends OutputStream {
    /** Where large messages go while they arrive. */
    public record Spool(Path directory, int threshold) {
        public Spool {
            if (threshold < 1024) {
                throw new IllegalArgumentException("spool threshold must be at least 1 KiB");
            }
        }
    }

    private final long limit;
    private final Optional<Spool> spool;
    private byte[] buf;
    private int count;
    private long received;
    private Path file;
    private OutputStream fileOut;

    /** An in-memory buffer up to {@code limit} octets. */
    public MessageBuffer(long limit) {
        this(limit, Optional.empty());
    }

    public MessageBuffer(long limit, Optional<Spool> spool) {
        if (limit < 0 || limit > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("message size limit out of range");
        }
        this.limit = limit;
        this.spool = spool;
        this.buf = new byte[(int) Math.min(limit, 16 * 1024)];
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    /** Keeps the octets (in memory or in the spool file); an I/O error of the spool is unchecked. */
    @Override
    public void write(byte[] b, int off, int len) {
        received += len;
        if (received > limit) {
            return;
        }
        try {
            if (fileOut == null && spool.isPresent() && count + len > spool.get().threshold()) {
                spill(spool.get());
            }
            if (fileOut != null) {
                fileOut.write(b, off, len);
                return;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (count + len > buf.length) {
            buf = Arrays.copyOf(buf, (int) Math.min(limit, Math.max((long) buf.length * 2, count + len)));
        }
        System.arraycopy(b, off, buf, count, len);
        count += len;
    }

    private void spill(Spool s) throws IOException {
        Files.createDirectories(s.directory());
        file = Files.createTempFile(s.directory(), "smtp-", ".spool");
        fileOut = new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024);
        fileOut.write(buf, 0, count);
        buf = new byte[0];
    }

    /** True once more octets arrived than the limit allows. */
    public boolean overflowed() {
        return received > limit;
    }

    /** Octets received so far, kept or not. */
    public long received() {
        return received;
    }

    /** True if the octets went to a spool file. */
    public boolean spilled() {
        return file != null;
    }

    /** The octets kept (from memory or read back from the spool file). */
    public byte[] toByteArray() {
        if (file == null) {
            return Arrays.copyOf(buf, count);
        }
        try {
            fileOut.flush();
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes the spool file, if any; the buffer is empty afterwards. Idempotent. */
    @Override
    public void close() {
        buf = new byte[0];
        count = 0;
        if (file == null) {
            return;
        }
        try {
            fileOut.close();
        } catch (IOException ignored) {
            // The file is deleted next; a failed flush loses nothing we need.
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            file = null;
            fileOut = null;
        }
    }
}
