package dev.quarry.tools.eval;

import dev.quarry.core.search.IndexSignature;
import dev.quarry.ingestion.chunk.ChunkingOptions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * What an evaluation index depends on, hashed into the name of its cache directory: the corpus bytes, the
 * embedder and keyword analyzer ({@link IndexSignature}), the chunking, and {@link #FORMAT}, the version of
 * everything else that shapes the index (how documents are written as files, what the keyword field holds).
 *
 * @param dataset the corpus folder's name, for people reading the cache directory
 * @param digest SHA-256 (hex, 16 characters) of all of the above
 */
record EvalIndexKey(String dataset, String digest) {

    /** Raise when extraction, chunk keyword text or the Lucene layout change what an index holds. */
    static final String FORMAT = "quarry-eval-index/2";

    EvalIndexKey {
        Objects.requireNonNull(dataset, "dataset must not be null");
        Objects.requireNonNull(digest, "digest must not be null");
    }

    static EvalIndexKey of(Path corpusFile, IndexSignature signature, ChunkingOptions chunking) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            try (InputStream in = new DigestInputStream(Files.newInputStream(corpusFile), sha)) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
            String rest =
                    FORMAT + "|" + signature.encode() + "|" + chunking.maxTokens() + "/" + chunking.overlapTokens();
            sha.update(rest.getBytes(StandardCharsets.UTF_8));
            Path folder = corpusFile.toAbsolutePath().getParent();
            String name = folder == null || folder.getFileName() == null
                    ? "corpus"
                    : folder.getFileName().toString();
            return new EvalIndexKey(
                    name.replaceAll("[^A-Za-z0-9._-]", "_"), HexFormat.of().formatHex(sha.digest(), 0, 8));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + corpusFile, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    String directoryName() {
        return dataset + "-" + digest;
    }
}
