package dev.quarry.ingestion.extract;

import dev.quarry.core.QuarryException;
import dev.quarry.core.QuarryException.Reason;
import dev.quarry.core.port.OcrEngine;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.tesseract.ETEXT_DESC;
import org.bytedeco.tesseract.TessBaseAPI;
import org.bytedeco.tesseract.global.tesseract;
import org.jboss.logging.Logger;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBufferByte;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Recognises page images in-process with Tesseract's own library (libtesseract and Leptonica through the JavaCPP
 * presets, {@code org.bytedeco:tesseract}): no process and no temporary file per page, and the language model is
 * loaded once per worker thread (one {@link TessBaseAPI} per thread and language, as the API is not
 * thread-safe) instead of once per page.
 *
 * <p>A page Tesseract reads with low confidence ({@link #CONFIDENT}) goes through orientation and script
 * detection ({@code osd.traineddata}): turned upright when it was scanned sideways or upside down, and read with
 * the installed data of its script when none of the configured languages reads that script
 * ({@link ScriptLanguages}); the more confident of the two readings is kept, so upright pages pay nothing for it.
 * Tesseract finds and follows the skew of text lines itself (a 3° skew costs 0-0.3 points of character error
 * rate, see the README), so pages are not deskewed. One page may take {@link Settings#timeout()}; Tesseract stops
 * at that deadline.
 */
public final class TesseractApiOcr implements OcrEngine, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TesseractApiOcr.class);
    private static final String OSD = "osd";
    private static final String JAVACPP_CACHE = "org.bytedeco.javacpp.cachedir";

    static {
        // JavaCPP unpacks the native libraries into ~/.javacpp/cache; where the home folder is read-only (Lambda),
        // into the temporary folder instead.
        if (System.getProperty(JAVACPP_CACHE) == null) {
            java.io.File home = new java.io.File(System.getProperty("user.home", ""), ".javacpp");
            if (!(home.isDirectory() ? home.canWrite() : home.mkdirs())) {
                System.setProperty(
                        JAVACPP_CACHE,
                        new java.io.File(System.getProperty("java.io.tmpdir"), "javacpp-cache").getPath());
            }
        }
    }
    /**
     * Mean word confidence (0-100) from which a page read as it is counts as read. Measured on Tesseract's test
     * pages (phototest.tif, eurotext.tif): 91-96 upright, turned 90° or skewed 3°; 40-43 turned 180° or 270°.
     */
    static final int CONFIDENT = 75;

    private final Settings settings;
    private final List<String> languages;
    private final Set<String> installed;
    private final boolean orientation;
    private final ThreadLocal<Worker> worker = ThreadLocal.withInitial(this::newWorker);
    private final Queue<Worker> workers = new ConcurrentLinkedQueue<>();
    private volatile boolean closed;

    /**
     * How Tesseract is run in-process.
     *
     * @param tessdata the folder holding the {@code *.traineddata} files ({@link Tessdata#resolve})
     * @param language one or more traineddata names joined by {@code +}, e.g. {@code eng+deu}
     * @param pageSegmentationMode Tesseract's page segmentation mode, 0..13 (3 = automatic, for full pages)
     * @param detectOrientation whether to turn pages upright and pick the script's language data with OSD (needs
     *     {@code osd.traineddata} in {@code tessdata}; without it pages are read as they are)
     * @param timeout how long one page may take
     */
    public record Settings(
            Path tessdata, String language, int pageSegmentationMode, boolean detectOrientation, Duration timeout) {

        public Settings {
            Objects.requireNonNull(tessdata, "tessdata must not be null: pass the folder of the traineddata files");
            Tessdata.languages(Objects.requireNonNull(language, "language must not be null"));
            if (pageSegmentationMode < 0 || pageSegmentationMode > 13) {
                throw new IllegalArgumentException(
                        "pageSegmentationMode must be within [0,13] (3 suits full pages), was " + pageSegmentationMode);
            }
            Objects.requireNonNull(timeout, "timeout must not be null");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, was " + timeout);
            }
        }
    }

    /**
     * An engine on {@code settings}; {@link #recognize} throws {@link QuarryException.Permanent} {@code OCR_FAILED}
     * when the native library cannot be loaded or a language has no data, with what to do.
     */
    public TesseractApiOcr(Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings must not be null");
        this.languages = Tessdata.languages(settings.language());
        this.installed = Tessdata.installed(settings.tessdata());
        this.orientation = settings.detectOrientation() && installed.contains(OSD);
        if (settings.detectOrientation() && !orientation) {
            LOG.warnf(
                    "%s has no osd.traineddata: pages are read as they are, without turning sideways or upside-down"
                            + " scans upright",
                    settings.tessdata());
        }
        // The natives and the language model load on the first page a thread reads (a function that never meets
        // a scan never pays for them); a missing library or model then fails that page with OCR_FAILED.
    }

    @Override
    public String recognize(BufferedImage page) {
        Objects.requireNonNull(page, "page must not be null");
        if (closed) {
            throw new IllegalStateException("this OCR engine is closed");
        }
        GrayPage gray = GrayPage.of(page);
        return worker.get().recognize(gray);
    }

    /** Ends every thread's Tesseract instance; pages being recognised finish first. */
    @Override
    public void close() {
        closed = true;
        Worker w;
        while ((w = workers.poll()) != null) {
            w.end();
        }
    }

    private Worker newWorker() {
        Worker created = new Worker();
        workers.add(created);
        return created;
    }

    /** The Tesseract instances of one thread: one per language set, and one for orientation detection. */
    private final class Worker {

        private final Map<String, TessBaseAPI> apis = new HashMap<>();

        Worker() {
            api(String.join("+", languages));
        }

        /**
         * Reads the page as it is; only when Tesseract is unsure of what it read (a page turned sideways or upside
         * down, or in a script the configured languages do not read) asks OSD, reads the page again turned upright
         * and with the script's language data, and keeps the reading Tesseract is surer of.
         */
        synchronized String recognize(GrayPage page) {
            String configured = String.join("+", languages);
            Reading first = read(page, configured);
            if (!orientation || first.confidence() >= CONFIDENT) {
                return first.text();
            }
            Detected detected = detect(page);
            if (detected == null
                    || (detected.rotation() == 0 && detected.language().equals(configured))) {
                return first.text();
            }
            GrayPage upright = detected.rotation() == 0 ? page : page.rotateClockwise(detected.rotation());
            Reading second = read(upright, detected.language());
            LOG.debugf(
                    "page read with confidence %d as it is, %d turned %d° with %s",
                    first.confidence(), second.confidence(), detected.rotation(), detected.language());
            return second.confidence() > first.confidence() ? second.text() : first.text();
        }

        private Reading read(GrayPage page, String language) {
            TessBaseAPI api = api(language);
            api.SetImage(page.pixels(), page.width(), page.height(), 1, page.width());
            ETEXT_DESC monitor = new ETEXT_DESC();
            try {
                monitor.set_deadline_msecs(
                        (int) Math.min(Integer.MAX_VALUE, settings.timeout().toMillis()));
                int status = api.Recognize(monitor);
                if (monitor.deadline_exceeded()) {
                    throw new QuarryException.Permanent(
                            Reason.TIMEOUT,
                            "OCR of one page took longer than " + settings.timeout()
                                    + "; raise quarry.extraction.ocr-timeout-per-page (or quarry.ocr.timeout)");
                }
                if (status != 0) {
                    throw new QuarryException.Permanent(
                            Reason.OCR_FAILED, "Tesseract could not recognise the page (status " + status + ")");
                }
                BytePointer text = api.GetUTF8Text();
                try {
                    return new Reading(
                            text == null || text.isNull() ? "" : text.getString(StandardCharsets.UTF_8),
                            api.MeanTextConf());
                } finally {
                    if (text != null && !text.isNull()) {
                        tesseract.TessDeleteText(text);
                    }
                }
            } finally {
                api.Clear();
                monitor.close();
            }
        }

        /** OSD's rotation and language for the page, or null when it found too little text to say. */
        private Detected detect(GrayPage page) {
            TessBaseAPI osd = api(OSD);
            osd.SetImage(page.pixels(), page.width(), page.height(), 1, page.width());
            try (IntPointer degrees = new IntPointer(1);
                    FloatPointer confidence = new FloatPointer(1);
                    PointerPointer<BytePointer> script = new PointerPointer<>(1);
                    FloatPointer scriptConfidence = new FloatPointer(1)) {
                if (!osd.DetectOrientationScript(degrees, confidence, script, scriptConfidence)) {
                    return null;
                }
                String scriptName =
                        script.get(0) == null ? null : new BytePointer(script.get(0)).getString(StandardCharsets.UTF_8);
                // orient_deg is how far the text is turned clockwise: turn it back. A wrong guess costs only time:
                // the reading Tesseract is surer of is kept.
                int rotation = (360 - degrees.get()) % 360;
                String language = ScriptLanguages.choose(scriptName, languages, installed);
                LOG.debugf(
                        "OSD: text turned %d° (confidence %.1f), script %s (confidence %.1f): reading with %s",
                        degrees.get(), confidence.get(), scriptName, scriptConfidence.get(), language);
                return new Detected(rotation, language);
            } finally {
                osd.Clear();
            }
        }

        private TessBaseAPI api(String language) {
            return apis.computeIfAbsent(language, this::init);
        }

        private TessBaseAPI init(String language) {
            TessBaseAPI api;
            try {
                api = new TessBaseAPI();
            } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
                throw new QuarryException.Permanent(
                        Reason.OCR_FAILED,
                        "cannot load the Tesseract library for " + System.getProperty("os.name") + " "
                                + System.getProperty("os.arch") + " (" + e.getMessage() + "): add the"
                                + " org.bytedeco:tesseract, leptonica and javacpp jars of this platform's classifier,"
                                + " or set quarry.ocr.engine=tesseract-cli to run an installed tesseract",
                        e);
            }
            boolean osd = OSD.equals(language);
            int engineMode = osd ? tesseract.OEM_TESSERACT_ONLY : tesseract.OEM_DEFAULT;
            // Tesseract appends the separator itself only on some platforms; a trailing one is always accepted.
            String path = settings.tessdata().toAbsolutePath() + java.io.File.separator;
            if (api.Init(path, language, engineMode) != 0) {
                api.close();
                throw new QuarryException.Permanent(
                        Reason.OCR_FAILED,
                        "Tesseract could not load the language data '" + language + "' from " + settings.tessdata()
                                + " (installed: " + installed + "); check quarry.ocr.language and quarry.ocr.tessdata");
            }
            api.SetPageSegMode(osd ? tesseract.PSM_OSD_ONLY : settings.pageSegmentationMode());
            // Tesseract's own debug output goes to stderr otherwise.
            api.SetVariable("debug_file", nullDevice());
            return api;
        }

        synchronized void end() {
            for (TessBaseAPI api : apis.values()) {
                api.End();
                api.close();
            }
            apis.clear();
        }
    }

    private static String nullDevice() {
        return System.getProperty("os.name", "")
                        .toLowerCase(java.util.Locale.ROOT)
                        .startsWith("windows")
                ? "NUL"
                : "/dev/null";
    }

    private record Detected(int rotation, String language) {}

    /** Recognised text and Tesseract's mean word confidence (0-100). */
    private record Reading(String text, int confidence) {}

    /** A page as 8-bit gray pixels, one byte per pixel, rows without padding. */
    record GrayPage(byte[] pixels, int width, int height) {

        static GrayPage of(BufferedImage image) {
            int width = image.getWidth();
            int height = image.getHeight();
            if (image.getType() == BufferedImage.TYPE_BYTE_GRAY
                    && image.getRaster().getDataBuffer() instanceof DataBufferByte buffer
                    && buffer.getNumBanks() == 1
                    && image.getRaster().getSampleModel() instanceof ComponentSampleModel model
                    && model.getScanlineStride() == width
                    && image.getRaster().getSampleModelTranslateX() == 0
                    && image.getRaster().getSampleModelTranslateY() == 0
                    && buffer.getOffset() == 0
                    && buffer.getData().length == width * height) {
                return new GrayPage(buffer.getData(), width, height);
            }
            BufferedImage gray = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
            Graphics2D g = gray.createGraphics();
            try {
                g.drawImage(image, 0, 0, null);
            } finally {
                g.dispose();
            }
            return new GrayPage(((DataBufferByte) gray.getRaster().getDataBuffer()).getData(), width, height);
        }

        /** This page turned clockwise by {@code degrees} (90, 180 or 270). */
        GrayPage rotateClockwise(int degrees) {
            int w = width;
            int h = height;
            byte[] out = new byte[pixels.length];
            switch (degrees) {
                case 90 -> {
                    // (x, y) -> (h - 1 - y, x) in an h-wide image
                    for (int y = 0; y < h; y++) {
                        int row = y * w;
                        int column = h - 1 - y;
                        for (int x = 0; x < w; x++) {
                            out[x * h + column] = pixels[row + x];
                        }
                    }
                    return new GrayPage(out, h, w);
                }
                case 180 -> {
                    for (int i = 0, n = pixels.length; i < n; i++) {
                        out[n - 1 - i] = pixels[i];
                    }
                    return new GrayPage(out, w, h);
                }
                case 270 -> {
                    // (x, y) -> (y, w - 1 - x) in an h-wide image
                    for (int y = 0; y < h; y++) {
                        int row = y * w;
                        for (int x = 0; x < w; x++) {
                            out[(w - 1 - x) * h + y] = pixels[row + x];
                        }
                    }
                    return new GrayPage(out, h, w);
                }
                default -> throw new IllegalArgumentException("degrees must be 90, 180 or 270, was " + degrees);
            }
        }

        /** As an image (tests, benchmarks). */
        BufferedImage toImage() {
            BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
            System.arraycopy(
                    pixels, 0, ((DataBufferByte) image.getRaster().getDataBuffer()).getData(), 0, pixels.length);
            return image;
        }
    }
}
