package dev.quarry.embedded.store;

import dev.quarry.core.QuarryException;
import dev.quarry.core.QuarryException.Reason;
import dev.quarry.core.model.DocumentRef;
import dev.quarry.core.port.DocumentSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * The embedded stand-in for the S3 bucket: documents live at {@code ROOT/TENANT/KEY}, and a version is
 * the SHA-256 of the content (as an S3 ETag is for simple uploads), so a stale job for a replaced file
 * is recognised instead of indexing the new bytes under the old version.
 */
public final class LocalDocumentSource implements DocumentSource {

    private final Path root;

    public LocalDocumentSource(Path root) {
        this.root = Objects.requireNonNull(root, "root must not be null")
                .toAbsolutePath()
                .normalize();
    }

    /**
     * Stores (uploads) a document, streaming it to disk while hashing it, and returns the reference of the
     * stored version. Replaces an earlier version atomically.
     */
    public DocumentRef put(String tenant, String key, InputStream content) {
        Path target = pathOf(tenant, key);
        try {
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), ".upload-", ".tmp");
            MessageDigest digest = sha256();
            try (DigestInputStream in = new DigestInputStream(content, digest)) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new DocumentRef(tenant, key, HexFormat.of().formatHex(digest.digest(), 0, 16));
        } catch (IOException e) {
            throw new UncheckedIOException("could not store " + key + " under " + root, e);
        }
    }

    /** Removes a stored document; returns false if there was none. */
    public boolean remove(String tenant, String key) {
        try {
            return Files.deleteIfExists(pathOf(tenant, key));
        } catch (IOException e) {
            throw new UncheckedIOException("could not remove " + key, e);
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

    private Path pathOf(String tenant, String key) {
        Path tenantRoot = root.resolve(safeSegment(tenant, "tenant"));
        Path path = tenantRoot.resolve(key).normalize();
        if (key.isBlank() || !path.startsWith(tenantRoot) || path.equals(tenantRoot)) {
            throw new IllegalArgumentException("key must be a relative path inside the tenant's folder: " + key);
        }
        return path;
    }

    private static String safeSegment(String value, String name) {
        if (value.isBlank() || value.contains("/") || value.contains("\\") || value.startsWith(".")) {
            throw new IllegalArgumentException(name + " must be a plain name, was '" + value + "'");
        }
        return value;
    }
}
