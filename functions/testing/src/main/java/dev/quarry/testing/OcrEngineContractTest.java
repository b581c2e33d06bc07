package dev.quarry.testing;

import dev.quarry.core.port.OcrEngine;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The behaviour every {@link OcrEngine} adapter must show, on real scans (the page scans of {@code
 * functions/ingestion/src/test/resources/scans}, documented in their README, on the classpath through quarry-ingestion's
 * test-jar): the words of a bilevel and of a gray JPEG scan are read, whatever the image's pixel layout; a blank
 * page yields no text rather than noise; pages may be read on several threads at once.
 */
public abstract class OcrEngineContractTest {

    /** The engine under test; created once per test class is fine, it must be safe to share. */
    protected abstract OcrEngine engine();

    @Test
    void should_read_the_words_of_a_real_bilevel_scan() {
        // given: a CCITT Group 4 page scanned at 300 dpi
        BufferedImage page = scan("ccitt-g4.tif");

        // when
        String text = engine().recognize(page);

        // then
        assertThat(words(text)).contains("constitutionally protected", "reputation");
    }

    @Test
    void should_read_the_words_of_a_real_gray_jpeg_scan() {
        // given
        BufferedImage page = scan("scan.jpg");

        // when
        String text = engine().recognize(page);

        // then
        assertThat(words(text)).contains("seditious speech", "defamation");
    }

    @Test
    void should_read_the_same_words_when_the_page_has_another_pixel_layout() {
        // given: the gray scan as 32-bit ARGB, as a renderer of colour pages hands it over
        BufferedImage gray = scan("scan.jpg");
        BufferedImage argb = new BufferedImage(gray.getWidth(), gray.getHeight(), BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = argb.createGraphics();
        g.drawImage(gray, 0, 0, null);
        g.dispose();

        // when
        String text = engine().recognize(argb);

        // then
        assertThat(words(text)).contains("seditious speech", "defamation");
    }

    @Test
    void should_return_no_text_when_the_page_is_blank() {
        // given: a white A4 page at 150 dpi
        BufferedImage blank = new BufferedImage(1240, 1754, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = blank.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, blank.getWidth(), blank.getHeight());
        g.dispose();

        // when
        String text = engine().recognize(blank);

        // then
        assertThat(text).isNotNull();
        assertThat(text.strip()).isEmpty();
    }

    @Test
    void should_read_pages_on_several_threads_at_once() throws Exception {
        // given
        BufferedImage page = scan("scan.jpg");
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            // when
            List<Future<String>> results = pool.invokeAll(List.of(
                    () -> engine().recognize(page), () -> engine().recognize(page), () -> engine().recognize(page)));

            // then
            for (Future<String> result : results) {
                assertThat(words(result.get(120, TimeUnit.SECONDS))).contains("seditious speech", "defamation");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** A real scan from quarry-ingestion's test resources ({@code /scans/NAME}). */
    protected static BufferedImage scan(String name) {
        try (InputStream in = OcrEngineContractTest.class.getResourceAsStream("/scans/" + name)) {
            if (in == null) {
                throw new IllegalStateException(
                        "/scans/" + name + " is not on the test classpath: add quarry-ingestion's"
                                + " test-jar (type test-jar, scope test) to this module");
            }
            BufferedImage image = ImageIO.read(in);
            assertThat(image).as("a decodable image: /scans/" + name).isNotNull();
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String words(String text) {
        return text.replaceAll("\\s+", " ");
    }
}
