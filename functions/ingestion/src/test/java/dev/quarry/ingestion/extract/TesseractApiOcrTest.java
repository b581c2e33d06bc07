package dev.quarry.ingestion.extract;

import dev.quarry.core.QuarryException;
import dev.quarry.core.QuarryException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TesseractApiOcrTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "turned {0}°")
    @ValueSource(ints = {90, 180, 270})
    void should_read_a_real_scan_when_it_was_scanned_sideways_or_upside_down(int degrees) throws IOException {
        // given: the real CCITT G4 scan turned clockwise
        BufferedImage scan = ImageIO.read(new ByteArrayInputStream(ScannedEncodingsTest.scan("ccitt-g4.tif")));
        BufferedImage turned =
                TesseractApiOcr.GrayPage.of(scan).rotateClockwise(degrees).toImage();

        // when
        String text = Tesseract.inProcess().recognize(turned);

        // then
        assertThat(text.replaceAll("\\s+", " ")).contains("constitutionally protected", "reputation");
    }

    @Test
    void should_read_pages_on_several_threads_at_once() throws Exception {
        // given
        TesseractApiOcr ocr = Tesseract.inProcess();
        BufferedImage page = TestDocuments.textImage("Feldspar weathers into clay");
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            // when
            List<Future<String>> results = pool.invokeAll(
                    List.of(() -> ocr.recognize(page), () -> ocr.recognize(page), () -> ocr.recognize(page)));

            // then
            for (Future<String> result : results) {
                assertThat(result.get()).contains("Feldspar", "weathers", "clay");
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void should_fail_ocr_failed_saying_where_to_put_the_data_when_a_language_is_missing() {
        // when / then
        assertThatThrownBy(() -> Tessdata.resolve(Optional.empty(), Map.of(), dir, "eng+deu"))
                .isInstanceOf(QuarryException.Permanent.class)
                .hasMessageContaining("deu")
                .hasMessageContaining("quarry.ocr.tessdata")
                .extracting(e -> ((QuarryException) e).reason())
                .isEqualTo(Reason.OCR_FAILED);
    }

    @Test
    void should_copy_the_bundled_data_once_when_no_folder_is_configured() throws IOException {
        // when
        Path first = Tessdata.resolve(Optional.empty(), Map.of(), dir, "eng");
        long size = Files.size(first.resolve("eng.traineddata"));
        Path second = Tessdata.resolve(Optional.empty(), Map.of(), dir, "eng");

        // then
        assertThat(second).isEqualTo(first);
        assertThat(Tessdata.installed(first)).contains("eng", "osd");
        assertThat(size).isGreaterThan(1_000_000);
    }

    @Test
    void should_use_tessdata_prefix_only_when_it_holds_the_languages() throws IOException {
        // given: a TESSDATA_PREFIX folder with the bundled eng only
        Path prefix = Files.createDirectories(dir.resolve("prefix"));
        Path bundled = Tessdata.resolve(Optional.empty(), Map.of(), dir, "eng");
        Files.copy(bundled.resolve("eng.traineddata"), prefix.resolve("eng.traineddata"));

        // when / then
        assertThat(Tessdata.resolve(Optional.empty(), Map.of("TESSDATA_PREFIX", prefix.toString()), dir, "eng"))
                .isEqualTo(prefix);
        assertThatThrownBy(() ->
                        Tessdata.resolve(Optional.empty(), Map.of("TESSDATA_PREFIX", prefix.toString()), dir, "fra"))
                .hasMessageContaining("fra");
    }

    @Test
    void should_pick_the_installed_data_of_a_script_the_configured_languages_do_not_read() {
        // given
        Set<String> installed = Set.of("eng", "osd", "rus", "script/Greek");

        // when / then
        assertThat(ScriptLanguages.choose("Cyrillic", List.of("eng"), installed))
                .isEqualTo("rus");
        assertThat(ScriptLanguages.choose("Greek", List.of("eng"), installed)).isEqualTo("script/Greek");
        assertThat(ScriptLanguages.choose("Latin", List.of("eng", "deu"), installed))
                .isEqualTo("eng+deu");
        assertThat(ScriptLanguages.choose("Latin", List.of("rus"), installed)).isEqualTo("eng");
        assertThat(ScriptLanguages.choose("Arabic", List.of("eng"), installed))
                .as("no data for the script: keep the configured languages")
                .isEqualTo("eng");
    }
}
