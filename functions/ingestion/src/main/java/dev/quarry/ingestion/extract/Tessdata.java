package dev.quarry.ingestion.extract;

import dev.quarry.core.QuarryException;
import dev.quarry.core.QuarryException.Reason;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Where Tesseract's language data ({@code *.traineddata}) comes from, in this order: the folder named by
 * {@code quarry.ocr.tessdata}; the folder named by the {@code TESSDATA_PREFIX} environment variable when it
 * holds the configured languages; else the data that comes with the build ({@code tessdata/eng.traineddata} and
 * {@code tessdata/osd.traineddata} on the class path, tessdata_fast models, Apache-2.0), copied once into a cache
 * folder because Tesseract reads files, not class-path resources.
 */
public final class Tessdata {

    private static final Logger LOG = Logger.getLogger(Tessdata.class);

    /** The language data that comes with the build. */
    static final List<String> BUNDLED = List.of("eng", "osd");

    private static final String RESOURCE_DIR = "tessdata/";
    private static final String SUFFIX = ".traineddata";
    private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z0-9_]+(/[A-Za-z0-9_]+)?");

    private Tessdata() {}

    /**
     * The folder to initialise Tesseract with for {@code languages} ({@code eng+deu}).
     *
     * @param configured {@code quarry.ocr.tessdata}, used as it is when present
     * @param environment the process environment ({@code TESSDATA_PREFIX})
     * @param cacheRoot where the bundled data is copied, e.g. {@code java.io.tmpdir}
     * @throws QuarryException.Permanent {@code OCR_FAILED} when a language has no data in the chosen folder
     */
    public static Path resolve(
            Optional<Path> configured, Map<String, String> environment, Path cacheRoot, String languages) {
        List<String> wanted = languages(languages);
        Path dir;
        if (configured.isPresent()) {
            dir = configured.get();
            if (!Files.isDirectory(dir)) {
                throw new QuarryException.Permanent(
                        Reason.OCR_FAILED,
                        "quarry.ocr.tessdata names " + dir + ", which is not a folder: point it at the folder holding"
                                + " the *.traineddata files");
            }
        } else {
            Optional<Path> prefix = Optional.ofNullable(environment.get("TESSDATA_PREFIX"))
                    .filter(p -> !p.isBlank())
                    .map(Path::of)
                    .filter(p -> wanted.stream().allMatch(lang -> Files.isRegularFile(p.resolve(lang + SUFFIX))));
            dir = prefix.isPresent() ? prefix.get() : bundled(cacheRoot);
        }
        List<String> missing = wanted.stream()
                .filter(lang -> !Files.isRegularFile(dir.resolve(lang + SUFFIX)))
                .toList();
        if (!missing.isEmpty()) {
            throw new QuarryException.Permanent(
                    Reason.OCR_FAILED,
                    "no Tesseract language data for " + String.join(", ", missing) + " in " + dir + " (it has "
                            + installed(dir) + "): put " + missing.get(0) + SUFFIX
                            + " (tessdata_fast) into a folder together with eng" + SUFFIX + " and osd" + SUFFIX
                            + " and set quarry.ocr.tessdata (or TESSDATA_PREFIX) to it");
        }
        return dir;
    }

    /** The language codes of {@code dir}, e.g. {@code [eng, osd, script/Latin]}. */
    static TreeSet<String> installed(Path dir) {
        TreeSet<String> languages = new TreeSet<>();
        for (Path folder : List.of(dir, dir.resolve("script"))) {
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (var files = Files.list(folder)) {
                files.map(f -> f.getFileName().toString())
                        .filter(name -> name.endsWith(SUFFIX))
                        .map(name -> (folder.equals(dir) ? "" : "script/")
                                + name.substring(0, name.length() - SUFFIX.length()))
                        .forEach(languages::add);
            } catch (IOException e) {
                LOG.debugf(e, "cannot list %s", folder);
            }
        }
        return languages;
    }

    /** {@code eng+deu} as {@code [eng, deu]}. */
    static List<String> languages(String languages) {
        List<String> list = new ArrayList<>();
        for (String lang : languages.split("\\+")) {
            if (!LANGUAGE.matcher(lang).matches()) {
                throw new IllegalArgumentException(
                        "language must be traineddata names joined by '+', e.g. eng or eng+deu, was '" + languages
                                + "'");
            }
            list.add(lang);
        }
        return list;
    }

    /** Copies the bundled data into {@code cacheRoot/quarry-tessdata} unless it is there already. */
    static Path bundled(Path cacheRoot) {
        Path dir = cacheRoot.resolve("quarry-tessdata");
        try {
            Files.createDirectories(dir);
            for (String lang : BUNDLED) {
                copy(lang + SUFFIX, dir);
            }
            return dir;
        } catch (IOException e) {
            throw new QuarryException.Permanent(
                    Reason.OCR_FAILED,
                    "cannot copy the bundled Tesseract language data into " + dir + " (" + e.getMessage()
                            + "): make java.io.tmpdir writable or set quarry.ocr.tessdata to a folder with"
                            + " eng.traineddata and osd.traineddata",
                    e);
        }
    }

    private static void copy(String file, Path dir) throws IOException {
        URL resource = Tessdata.class.getClassLoader().getResource(RESOURCE_DIR + file);
        if (resource == null) {
            throw new IOException("the class path has no " + RESOURCE_DIR + file
                    + " (the application must depend on net.sourceforge.tess4j:tess4j for its language data)");
        }
        URLConnection connection = resource.openConnection();
        long size = connection.getContentLengthLong();
        Path target = dir.resolve(file);
        if (size > 0 && Files.isRegularFile(target) && Files.size(target) == size) {
            return;
        }
        Path temporary = Files.createTempFile(dir, file, ".part");
        try (InputStream in = connection.getInputStream()) {
            Files.copy(in, temporary, StandardCopyOption.REPLACE_EXISTING);
            // Atomic, so another process starting at the same time never reads half a file.
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            LOG.debugf("copied the bundled %s into %s", file, dir);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
