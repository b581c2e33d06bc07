package dev.quarry.local.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * ONNX Runtime's native libraries (about 28 MB) kept in the user's cache instead of copied out of their jar into a
 * new temporary folder by every command that loads a model. Measured on `ask` (2 cores): about 0.3 s of CPU per
 * run. The folder is named after the jar the libraries come from, written completely under a temporary name and
 * renamed, so a half-written copy is never used; ONNX Runtime loads from it when {@value #PROPERTY} names it.
 * Anything unexpected (an unknown platform, a read-only home) leaves ONNX Runtime to its own extraction.
 */
final class NativeCache {

    static final String PROPERTY = "onnxruntime.native.path";

    private NativeCache() {}

    /** Points ONNX Runtime at the cached copy of its libraries, making it first if needed; never fails. */
    static void useForOnnxRuntime() {
        if (System.getProperty(PROPERTY) != null) {
            return;
        }
        try {
            String platform = platform();
            List<String> libraries =
                    List.of(System.mapLibraryName("onnxruntime"), System.mapLibraryName("onnxruntime4j_jni"));
            String base = "ai/onnxruntime/native/" + platform + "/";
            ClassLoader loader = NativeCache.class.getClassLoader();
            URL first = loader.getResource(base + libraries.get(0));
            if (platform.isEmpty() || first == null) {
                return;
            }
            Path root = cacheRoot();
            Path dir = root.resolve("onnxruntime-" + platform + "-"
                    + Integer.toHexString(first.toString().hashCode()));
            if (!Files.isRegularFile(dir.resolve("complete"))) {
                extract(loader, base, libraries, root, dir);
            }
            System.setProperty(PROPERTY, dir.toString());
        } catch (IOException | RuntimeException e) {
            // ONNX Runtime extracts the libraries itself, as without this cache.
        }
    }

    private static void extract(ClassLoader loader, String base, List<String> libraries, Path root, Path dir)
            throws IOException {
        Files.createDirectories(root);
        Path tmp = Files.createTempDirectory(root, ".onnxruntime");
        try {
            for (String library : libraries) {
                try (InputStream in = loader.getResourceAsStream(base + library)) {
                    if (in == null) {
                        throw new IOException(base + library + " not found");
                    }
                    Files.copy(in, tmp.resolve(library));
                }
            }
            Files.createFile(tmp.resolve("complete"));
            try {
                Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                // Another process made it first (or the file system cannot rename atomically): use what is there.
                if (!Files.isRegularFile(dir.resolve("complete"))) {
                    throw e;
                }
            } catch (IOException e) {
                if (!Files.isRegularFile(dir.resolve("complete"))) {
                    throw e;
                }
            }
        } finally {
            if (Files.exists(tmp)) {
                try (Stream<Path> files = Files.walk(tmp)) {
                    files.sorted(Comparator.reverseOrder())
                            .forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    /** {@code $XDG_CACHE_HOME/quarry}, else {@code ~/.cache/quarry}. */
    private static Path cacheRoot() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("quarry");
    }

    /** ONNX Runtime's name for this platform ({@code linux-x64}, {@code osx-aarch64} ...), or empty. */
    private static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String o =
                os.startsWith("linux") ? "linux" : os.startsWith("mac") ? "osx" : os.startsWith("windows") ? "win" : "";
        String a = arch.equals("amd64") || arch.equals("x86_64") ? "x64" : arch.equals("aarch64") ? "aarch64" : "";
        return o.isEmpty() || a.isEmpty() ? "" : o + "-" + a;
    }
}
