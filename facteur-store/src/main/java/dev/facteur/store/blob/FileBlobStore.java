package dev.facteur.store.blob;

import dev.facteur.store.BlobId;
import dev.facteur.store.BlobStore;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Blobs as files {@code <root>/ab/cd/<sha256>}. A put writes a temp file under
 * {@code <root>/tmp} (a lone blob is fsynced right there); then one round of {@link GroupSync},
 * shared with concurrent writers, fsyncs the files not yet fsynced, renames them into place and
 * fsyncs their directories (and any directory created). Identical content is stored once: a put of existing content only
 * refreshes the file's time so that garbage collection's grace period starts again.
 */
public final class FileBlobStore implements BlobStore {
    private final Path root;
    private final Path tmp;
    private final InstantSource clock;
    private final Duration grace;
    private final GroupSync sync;
    /** Puts that find a blob present hold it shared; garbage collection takes it to delete one file. */
    private final ReentrantReadWriteLock dedupe = new ReentrantReadWriteLock();

    /**
     * @param grace how old an unreferenced blob must be before {@link #collectGarbage} deletes it;
     *              longer than the time between a put and the commit of the row that points at it
     */
    public FileBlobStore(Path root, InstantSource clock, Duration grace) throws IOException {
        this.root = root;
        this.tmp = root.resolve("tmp");
        this.clock = clock;
        this.grace = grace;
        this.sync = new GroupSync(clock);
        Files.createDirectories(tmp);
        GroupSync.fsyncDirectory(root);
    }

    Path path(BlobId id) {
        String h = id.hex();
        return root.resolve(h.substring(0, 2)).resolve(h.substring(2, 4)).resolve(h);
    }

    @Override
    public BlobId put(byte[] bytes) throws IOException {
        return putAll(List.of(bytes)).getFirst();
    }

    @Override
    public List<BlobId> putAll(Collection<byte[]> blobs) throws IOException {
        List<BlobId> ids = new ArrayList<>(blobs.size());
        List<GroupSync.Move> moves = new ArrayList<>();
        Set<Path> dirs = new HashSet<>();
        Set<BlobId> seen = new HashSet<>();
        boolean lone = blobs.size() == 1;
        try {
            for (byte[] bytes : blobs) {
                BlobId id = BlobId.of(digest().digest(bytes));
                ids.add(id);
                Path target = path(id);
                if (!seen.add(id) || refresh(target)) {
                    dirs.add(target.getParent()); // a concurrent writer's rename may not be fsynced yet
                    continue;
                }
                Path temp = newTemp();
                try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    ByteBuffer buf = ByteBuffer.wrap(bytes);
                    while (buf.hasRemaining()) {
                        ch.write(buf);
                    }
                    if (lone) {
                        ch.force(true); // several blobs are fsynced side by side by the round instead
                    }
                }
                ensureDirectory(target.getParent(), dirs);
                moves.add(new GroupSync.Move(temp, target, lone));
            }
            sync.commit(moves, dirs);
        } finally {
            for (GroupSync.Move m : moves) {
                Files.deleteIfExists(m.temp()); // only left if the round failed
            }
        }
        return ids;
    }

    @Override
    public BlobId put(InputStream content) throws IOException {
        MessageDigest sha = digest();
        Path temp = newTemp();
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                byte[] chunk = new byte[64 * 1024];
                for (int n; (n = content.read(chunk)) > 0; ) {
                    sha.update(chunk, 0, n);
                    ByteBuffer buf = ByteBuffer.wrap(chunk, 0, n);
                    while (buf.hasRemaining()) {
                        ch.write(buf);
                    }
                }
                ch.force(true);
            }
            BlobId id = BlobId.of(sha.digest());
            Path target = path(id);
            Set<Path> dirs = new HashSet<>();
            dirs.add(target.getParent());
            if (refresh(target)) {
                sync.commit(List.of(), dirs);
            } else {
                ensureDirectory(target.getParent(), dirs);
                sync.commit(List.of(new GroupSync.Move(temp, target, true)), dirs);
            }
            return id;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private Path newTemp() {
        return tmp.resolve(UUID.randomUUID() + ".tmp");
    }

    /** True if the blob is present; its time is refreshed so that garbage collection spares it. */
    private boolean refresh(Path target) throws IOException {
        dedupe.readLock().lock();
        try {
            Files.setLastModifiedTime(target, FileTime.from(clock.instant()));
            return true;
        } catch (NoSuchFileException e) {
            return false;
        } finally {
            dedupe.readLock().unlock();
        }
    }

    /** Creates {@code ab/cd} as needed; a new directory's parent must be fsynced too. */
    private void ensureDirectory(Path dir, Set<Path> dirs) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Path parent = dir.getParent();
        if (!parent.equals(root)) {
            ensureDirectory(parent, dirs);
        }
        try {
            Files.createDirectory(dir);
        } catch (FileAlreadyExistsException e) {
            // created concurrently: its creator fsyncs the parent, but we wait for that too
        }
        dirs.add(parent);
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    @Override
    public InputStream open(BlobId id) throws IOException {
        try {
            return Files.newInputStream(path(id));
        } catch (NoSuchFileException e) {
            throw new FileNotFoundException("no blob " + id);
        }
    }

    @Override
    public byte[] read(BlobId id) throws IOException {
        try {
            return Files.readAllBytes(path(id));
        } catch (NoSuchFileException e) {
            throw new FileNotFoundException("no blob " + id);
        }
    }

    @Override
    public boolean exists(BlobId id) {
        return Files.exists(path(id));
    }

    @Override
    public long size(BlobId id) throws IOException {
        try {
            return Files.size(path(id));
        } catch (NoSuchFileException e) {
            throw new FileNotFoundException("no blob " + id);
        }
    }

    @Override
    public int collectGarbage(Set<BlobId> referenced) throws IOException {
        Instant cutoff = clock.instant().minus(grace);
        Set<String> keep = new HashSet<>();
        referenced.forEach(id -> keep.add(id.hex()));
        int deleted = 0;
        try (DirectoryStream<Path> level1 = Files.newDirectoryStream(root, p -> isHexDir(p))) {
            for (Path a : level1) {
                try (DirectoryStream<Path> level2 = Files.newDirectoryStream(a, p -> isHexDir(p))) {
                    for (Path b : level2) {
                        deleted += collectIn(b, keep, cutoff);
                    }
                }
            }
        }
        deleteStaleTemps(cutoff);
        return deleted;
    }

    private static boolean isHexDir(Path p) {
        String n = p.getFileName().toString();
        return n.length() == 2 && Files.isDirectory(p);
    }

    private int collectIn(Path dir, Set<String> keep, Instant cutoff) throws IOException {
        int deleted = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (name.length() == 64 && !keep.contains(name) && deleteIfOlder(f, cutoff)) {
                    deleted++;
                }
            }
        }
        return deleted;
    }

    private boolean deleteIfOlder(Path f, Instant cutoff) throws IOException {
        dedupe.writeLock().lock();
        try {
            return Files.getLastModifiedTime(f).toInstant().isBefore(cutoff) && Files.deleteIfExists(f);
        } catch (NoSuchFileException e) {
            return false;
        } finally {
            dedupe.writeLock().unlock();
        }
    }

    /** Temp files left by a crash between write and rename. */
    private void deleteStaleTemps(Instant cutoff) throws IOException {
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(tmp)) {
            for (Path t : temps) {
                if (Files.getLastModifiedTime(t).toInstant().isBefore(cutoff)) {
                    Files.deleteIfExists(t);
                }
            }
        }
    }
}
