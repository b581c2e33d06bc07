package dev.quarry.layer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Builds the cross-encoder Lambda layer: {@code models/cross-encoder/{model.onnx,tokenizer.json}} at the zip
 * root, so Lambda mounts it at {@code /opt/models/cross-encoder/}. Files are checked against their SHA-256
 * pins first (a mismatch is refused; an unverified pin only passes with {@code allowUnpinned}, meant for
 * timing models), and the unzipped size of the layer plus the function zips it will be attached to is checked
 * against Lambda's 250 MB limit for a function and all its layers.
 */
public final class ModelLayerPackager {

    /** Lambda's limit on a function's unzipped deployment package including all its layers: 250 MB. */
    public static final long LAMBDA_UNZIPPED_LIMIT = 250L * 1024 * 1024;

    static final String LAYER_DIR = "models/cross-encoder/";

    private final ModelPins pins;
    private final boolean allowUnpinned;
    private final long limitBytes;
    private final PrintStream log;

    public ModelLayerPackager(ModelPins pins, boolean allowUnpinned, long limitBytes, PrintStream log) {
        this.pins = pins;
        this.allowUnpinned = allowUnpinned;
        this.limitBytes = limitBytes;
        this.log = log;
    }

    /** Checks the files of {@code modelDir}, writes the layer zip, checks the size; returns the layer's unzipped size. */
    public long packageLayer(Path modelDir, Path out, List<Path> functionZips) throws IOException {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, ModelPins.Pin> e : pins.files().entrySet()) {
            Path file = modelDir.resolve(e.getKey());
            if (!Files.isRegularFile(file)) {
                problems.add(e.getKey() + " is missing in " + modelDir);
                continue;
            }
            String actual = sha256(file);
            Optional<String> expected = e.getValue().sha256();
            if (expected.isPresent() && !expected.get().equals(actual)) {
                problems.add(e.getKey() + " has sha256 " + actual + " but " + pins.modelId() + " pins " + expected.get()
                        + ": refusing a file that is not the pinned model");
            } else if (expected.isEmpty() && !allowUnpinned) {
                problems.add(e.getKey() + " (sha256 " + actual + ") has no verified pin in model.properties: pin it,"
                        + " or pass -Dmodel.allowUnpinned=true for a timing-only build");
            } else if (expected.isEmpty()) {
                log.println("model-layer: WARNING " + e.getKey() + " is unpinned (sha256 " + actual
                        + "); allowed by model.allowUnpinned, do not ship this layer");
            }
        }
        if (!problems.isEmpty()) {
            throw new LayerException("model layer refused:\n  - " + String.join("\n  - ", problems));
        }

        long layerBytes = 0;
        for (String name : ModelPins.LAYER_FILES) {
            layerBytes += Files.size(modelDir.resolve(name));
        }
        long total = layerBytes;
        StringBuilder breakdown = new StringBuilder("layer " + mb(layerBytes));
        for (Path zip : functionZips) {
            if (!Files.isRegularFile(zip)) {
                log.println("model-layer: " + zip + " not built yet; the size check covers the layer only");
                continue;
            }
            long unzipped = unzippedSize(zip);
            total += unzipped;
            breakdown.append(" + ").append(zip.getFileName()).append(' ').append(mb(unzipped));
        }
        if (total > limitBytes) {
            throw new LayerException("function + layers unzip to " + mb(total) + " (" + breakdown + "), over Lambda's "
                    + mb(limitBytes) + " limit: build the function native (-Pnative) or use a smaller model");
        }

        Files.createDirectories(out.toAbsolutePath().getParent());
        Path tmp = Files.createTempFile(out.toAbsolutePath().getParent(), "layer", ".zip");
        try {
            try (OutputStream os = Files.newOutputStream(tmp);
                    ZipOutputStream zip = new ZipOutputStream(os)) {
                zip.putNextEntry(new ZipEntry("models/"));
                zip.closeEntry();
                zip.putNextEntry(new ZipEntry(LAYER_DIR));
                zip.closeEntry();
                for (String name : ModelPins.LAYER_FILES) {
                    zip.putNextEntry(new ZipEntry(LAYER_DIR + name));
                    Files.copy(modelDir.resolve(name), zip);
                    zip.closeEntry();
                }
            }
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            // A failed copy (a model file missing or unreadable) leaves no half-written zip beside the output.
            Files.deleteIfExists(tmp);
        }
        log.println("model-layer: wrote " + out + " (" + pins.modelId() + "); unzipped " + breakdown + " = " + mb(total)
                + " of " + mb(limitBytes));
        return layerBytes;
    }

    /**
     * Downloads the pinned files from the Hugging Face Hub into {@code dir} (the {@code download} profile, where
     * internet exists). Needs a pinned revision unless unpinned files are allowed.
     */
    public void download(Path dir, HttpClient http) throws IOException, InterruptedException {
        String revision = pins.revision().orElse(null);
        if (revision == null) {
            if (!allowUnpinned) {
                throw new LayerException("model.revision is UNVERIFIED in model.properties: pin a commit before"
                        + " downloading, or pass -Dmodel.allowUnpinned=true to take 'main'");
            }
            revision = "main";
        }
        Files.createDirectories(dir);
        for (Map.Entry<String, ModelPins.Pin> e : pins.files().entrySet()) {
            URI uri = URI.create("https://huggingface.co/" + pins.modelId() + "/resolve/" + revision + "/"
                    + e.getValue().source());
            log.println("model-layer: downloading " + uri);
            HttpResponse<InputStream> response = http.send(
                    HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(5)).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new LayerException("GET " + uri + " answered " + response.statusCode());
                }
                Files.copy(body, dir.resolve(e.getKey()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    static long unzippedSize(Path zip) throws IOException {
        long total = 0;
        try (ZipFile file = new ZipFile(zip.toFile())) {
            var entries = file.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                long size = entry.getSize();
                if (size < 0) {
                    try (InputStream in = file.getInputStream(entry)) {
                        size = in.transferTo(OutputStream.nullOutputStream());
                    }
                }
                total += size;
            }
        }
        return total;
    }

    static String sha256(Path file) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (InputStream in = Files.newInputStream(file)) {
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    digest.update(buffer, 0, n);
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
    }

    /** A refusal with the reason and what to do. */
    public static final class LayerException extends RuntimeException {
        public LayerException(String message) {
            super(message);
        }
    }

    /**
     * Maven entry point (exec-maven-plugin, package phase). Arguments as {@code --key=value}: pins, out,
     * model-dir (empty: skip with a message), download (true: fetch into target first), allow-unpinned,
     * function-zip (repeatable).
     */
    public static void main(String[] args) throws Exception {
        Map<String, List<String>> a = Args.parse(args);
        Path pinsFile = Path.of(Args.one(a, "pins", "model.properties"));
        Path out = Path.of(Args.one(a, "out", "target/cross-encoder-layer.zip"));
        boolean allowUnpinned = Boolean.parseBoolean(Args.one(a, "allow-unpinned", "false"));
        boolean download = Boolean.parseBoolean(Args.one(a, "download", "false"));
        String modelDir = Args.one(a, "model-dir", "");
        List<Path> functionZips = a.getOrDefault("function-zip", List.of()).stream()
                .filter(s -> !s.isBlank())
                .map(Path::of)
                .toList();

        ModelLayerPackager packager =
                new ModelLayerPackager(ModelPins.load(pinsFile), allowUnpinned, LAMBDA_UNZIPPED_LIMIT, System.out);
        Path dir;
        if (download) {
            dir = out.toAbsolutePath().getParent().resolve("model-download");
            packager.download(
                    dir,
                    HttpClient.newBuilder()
                            .followRedirects(HttpClient.Redirect.NORMAL)
                            .build());
        } else if (modelDir.isBlank()) {
            System.out.println("model-layer: SKIPPED building cross-encoder-layer.zip: no model here. Pass"
                    + " -Dmodel.dir=/path/with/model.onnx+tokenizer.json, or -Pdownload where the Hub is reachable.");
            return;
        } else {
            dir = Path.of(modelDir);
        }
        try {
            packager.packageLayer(dir, out, functionZips);
        } catch (LayerException e) {
            System.err.println("model-layer: " + e.getMessage());
            throw e;
        }
    }
}
