package dev.quarry.embedded.store;

import dev.quarry.core.QuarryException;
import dev.quarry.core.QuarryException.Reason;
import dev.quarry.core.model.DocumentKeys;
import dev.quarry.core.model.DocumentRef;
import dev.quarry.core.model.Tenants;
import dev.quarry.core.port.DocumentSource;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The embedded stand-in for the S3 bucket: documents live at {@code ROOT/TENANT/KEY}, and a version is
 * the SHA-256 of the content (as an S3 ETag is for simple uploads), so a stale job for a replaced file
 * is recognised instead of indexing the new bytes under the old version.
 *
 * <p>Tenants and keys are checked with {@link Tenants#canonical} and {@link DocumentKeys#canonical} before any
 * path is built, so every spelling of a key maps to at most one file ({@code ./b.txt}, {@code x/../b.txt} and
 * {@code b.txt/} are refused, not resolved to {@code b.txt}), and removing one document can never remove the
 * bytes of another. Uploads stream into {@code ROOT/.tmp} (no tenant name starts with a dot, so no document
 * can live there) and move into place atomically; a failed upload removes its temporary file, and {@link
 * #sweepTemporaryFiles()} removes those a killed process left behind.
 */
public final class LocalDocumentSource implements DocumentSource {

    private static final Logger LOG = Logger.getLogger(LocalDocumentSource.class);
    /** Where uploads stream to before they are moved into place. */
    static final String TEMPORARY = ".tmp";

    private final Path root;

    public LocalDocumentSource(Path root) {
        this.root = Objects.requireNonNull(root, "root must not be null")
                .toAbsolutePath()
                .normalize();
    }

    /**
     * Stores (uploads) a document, streaming it to disk while hashing it, and returns the reference of the
     * stored version. Replaces an earlier version atomically.
     *
     * @throws QuarryException.Permanent {@code INVALID_TENANT} or {@code INVALID_KEY} for a name outside the
     *     documented forms, or a key that clashes with a stored document ({@code a} stored, {@code a/b}
     *     uploaded, or the other way round); {@code INVALID_REQUEST} when reading {@code content} fails (the
     *     client went away)
     * @throws QuarryException.Transient when the store cannot be written
     */
    public DocumentRef put(String tenant, String key, InputStream content) {
        Path target = pathOf(tenant, key);
        Path tmp = null;
        try {
            Path temporary = root.resolve(TEMPORARY);
            Files.createDirectories(temporary);
            tmp = Files.createTempFile(temporary, "upload-", ".tmp");
            MessageDigest digest = sha256();
            long size = copy(content, tmp, digest);
            createParents(target, key);
            moveIntoPlace(tmp, target, key);
            tmp = null;
            LOG.debugf("stored %s/%s (%d bytes)", tenant, key, size);
            return new DocumentRef(tenant, key, HexFormat.of().formatHex(digest.digest(), 0, 16));
        } catch (IOException e) {
            throw new QuarryException.Transient(
                    Reason.UNAVAILABLE, "could not store " + key + " under " + root + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                deleteQuietly(tmp);
            }
        }
    }

    /** Copies {@code content} to {@code tmp}, telling a failed read (the sender) from a failed write (the disk). */
    private static long copy(InputStream content, Path tmp, MessageDigest digest) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        try (InputStream in = content;
                OutputStream out = Files.newOutputStream(tmp)) {
            while (true) {
                int n;
                try {
                    n = in.read(buffer);
                } catch (IOException | UncheckedIOException e) {
                    throw new QuarryException.Permanent(
                            Reason.INVALID_REQUEST,
                            "the upload ended after " + total + " bytes: " + rootMessage(e)
                                    + " (the client closed the connection, or sent too slowly)",
                            e);
                }
                if (n < 0) {
                    return total;
                }
                digest.update(buffer, 0, n);
                out.write(buffer, 0, n);
                total += n;
            }
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    private void createParents(Path target, String key) throws IOException {
        try {
            Files.createDirectories(target.getParent());
        } catch (FileAlreadyExistsException | NotDirectoryException e) {
            throw clash(key, "a folder of it is stored as a document");
        }
    }

    private static void moveIntoPlace(Path tmp, Path target, String key) throws IOException {
        if (Files.isDirectory(target)) {
            throw clash(key, "it is a folder of other documents");
        }
        try {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (DirectoryNotEmptyException e) {
            throw clash(key, "it is a folder of other documents");
        } catch (FileSystemException e) {
            if (Files.isDirectory(target)) {
                throw clash(key, "it is a folder of other documents");
            }
            throw e;
        }
    }

    private static QuarryException clash(String key, String why) {
        return new QuarryException.Permanent(
                Reason.INVALID_KEY,
                "key '" + Tenants.escaped(key) + "' cannot be stored: " + why
                        + "; choose a key that is not a folder of, or inside, another document's key");
    }

    /** Removes a stored document; returns false if there was none. */
    public boolean remove(String tenant, String key) {
        Path path = pathOf(tenant, key);
        try {
            if (Files.isDirectory(path)) {
                return false;
            }
            return Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new QuarryException.Transient(Reason.UNAVAILABLE, "could not remove " + key, e);
        }
    }

    @Override
    public byte[] read(DocumentRef document, long maxBytes) {
        Path path = pathOf(document.tenant(), document.key());
        try {
            long size = Files.size(path);
            if (size > maxBytes) {
                throw new QuarryException.Permanent(
                        Reason.TOO_LARGE, document.key() + " has " + size + " bytes, the limit is " + maxBytes);
            }
            byte[] content = Files.readAllBytes(path);
            if (!versionOf(content).equals(document.version())) {
                throw new QuarryException.Permanent(
                        Reason.NOT_FOUND, document + " was replaced by a newer version before it was read");
            }
            return content;
        } catch (NoSuchFileException e) {
            throw new QuarryException.Permanent(Reason.NOT_FOUND, document + " does not exist", e);
        } catch (IOException e) {
            throw new QuarryException.Transient(Reason.UNAVAILABLE, "could not read " + path, e);
        }
    }

    /** The version of the stored file (the hash {@link #put} returned for it), or empty when there is none. */
    @Override
    public Optional<String> currentVersion(String tenant, String key) {
        Path path = pathOf(tenant, key);
        if (!Files.isRegularFile(path)) {
            return Optional.empty();
        }
        MessageDigest digest = sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(path), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
            return Optional.of(HexFormat.of().formatHex(digest.digest(), 0, 16));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new QuarryException.Transient(Reason.UNAVAILABLE, "could not read " + path, e);
        }
    }

    /** The tenants that have a folder in the store. */
    public List<String> tenants() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<String> tenants = new ArrayList<>();
        try (Stream<Path> children = Files.list(root)) {
            children.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .filter(Tenants::isCanonical)
                    .sorted()
                    .forEach(tenants::add);
        } catch (IOException e) {
            throw new UncheckedIOException("could not list " + root, e);
        }
        return tenants;
    }

    /**
     * Removes the temporary files of uploads that never finished (the process was killed while receiving
     * them); call at start, before uploads are accepted. Returns how many were removed.
     */
    public int sweepTemporaryFiles() {
        Path temporary = root.resolve(TEMPORARY);
        if (!Files.isDirectory(temporary)) {
            return 0;
        }
        int removed = 0;
        try (Stream<Path> files = Files.list(temporary)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(file) && deleteQuietly(file)) {
                    removed++;
                }
            }
        } catch (IOException e) {
            LOG.warnf("could not sweep unfinished uploads in %s: %s", temporary, e.getMessage());
        }
        if (removed > 0) {
            LOG.infof("removed %d unfinished upload(s) left in %s", removed, temporary);
        }
        return removed;
    }

    /** The version id of content: hex SHA-256, 32 characters. */
    public static String versionOf(byte[] content) {
        return HexFormat.of().formatHex(sha256().digest(content), 0, 16);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    private static boolean deleteQuietly(Path file) {
        try {
            return Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.debugf("could not delete %s: %s", file, e.getMessage());
            return false;
        }
    }

    /**
     * The file of a document. Canonical tenants and keys (no {@code .}, {@code ..} or empty segments, no leading
     * or trailing {@code /}, no control characters) resolve inside the tenant's folder by construction; the
     * check after resolving guards against a file system that reads a segment differently.
     */
    private Path pathOf(String tenant, String key) {
        Path tenantRoot = root.resolve(Tenants.canonical(tenant, "tenant"));
        Path path = tenantRoot.resolve(DocumentKeys.canonical(key));
        if (!path.normalize().equals(path) || !path.startsWith(tenantRoot) || path.equals(tenantRoot)) {
            throw new QuarryException.Permanent(
                    Reason.INVALID_KEY,
                    "key '" + Tenants.escaped(key) + "' does not name a file below the tenant's folder");
        }
        return path;
    }
}
