package dev.quarry.ingestion.extract;

import dev.quarry.core.QuarryException;
import dev.quarry.core.QuarryException.Reason;
import dev.quarry.core.model.ContentType;
import dev.quarry.core.model.ExtractedDocument;
import dev.quarry.core.model.ExtractedPage;
import dev.quarry.core.model.PageSource;
import org.junit.jupiter.api.Test;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageExtractionTest {

    @Test
    void should_ocr_png_image() {
        // given
        TesseractApiOcr tesseract = Tesseract.inProcess();
        byte[] png = TestDocuments.png(TestDocuments.textImage("Quartz is harder than feldspar"));

        // when
        ExtractedDocument document =
                new DocumentExtractor(ExtractionLimits.defaults(), tesseract).extract(png, "photo.jpg");

        // then
        assertThat(document.contentType()).isEqualTo(ContentType.PNG);
        assertThat(document.pages()).singleElement().satisfies(page -> {
            assertThat(page.source()).isEqualTo(PageSource.OCR);
            assertThat(page.text()).contains("Quartz", "harder", "feldspar");
        });
    }

    @Test
    void should_ocr_every_frame_when_tiff_has_several_pages() throws IOException {
        // given
        TesseractApiOcr tesseract = Tesseract.inProcess();
        byte[] tiff = multiPageTiff(
                TestDocuments.textImage("First page about gneiss"), TestDocuments.textImage("Second page about slate"));
        DocumentExtractor extractor = new DocumentExtractor(ExtractionLimits.defaults(), tesseract);

        // when
        int pages = extractor.pageCount(tiff, null);
        ExtractedDocument document = extractor.extract(tiff, null);

        // then
        assertThat(pages).isEqualTo(2);
        assertThat(document.contentType()).isEqualTo(ContentType.TIFF);
        assertThat(document.pages()).extracting(ExtractedPage::number).containsExactly(1, 2);
        assertThat(document.pages().get(0).text()).contains("gneiss");
        assertThat(document.pages().get(1).text()).contains("slate");
    }

    @Test
    void should_extract_only_the_requested_frames_of_a_tiff() throws IOException {
        // given
        FakeOcr ocr = new FakeOcr("frame text");
        byte[] tiff = multiPageTiff(
                TestDocuments.textImage("one"), TestDocuments.textImage("two"), TestDocuments.textImage("three"));

        // when
        ExtractedDocument document = new DocumentExtractor(ExtractionLimits.defaults(), ocr).extract(tiff, null, 3, 3);

        // then
        assertThat(document.totalPages()).isEqualTo(3);
        assertThat(document.pages()).extracting(ExtractedPage::number).containsExactly(3);
        assertThat(ocr.pages).hasSize(1);
    }

    @Test
    void should_fail_too_large_before_decoding_when_png_declares_too_many_pixels() {
        // given: a 100-byte PNG whose header declares 50000 x 50000 pixels
        byte[] bomb = pngDeclaring(50_000, 50_000);
        FakeOcr ocr = new FakeOcr("never");

        // when / then
        assertThatThrownBy(() -> new DocumentExtractor(ExtractionLimits.defaults(), ocr).extract(bomb, null))
                .isInstanceOf(QuarryException.Permanent.class)
                .hasMessageContaining("50000 x 50000")
                .extracting(e -> ((QuarryException) e).reason())
                .isEqualTo(Reason.TOO_LARGE);
        assertThat(ocr.pages).isEmpty();
    }

    @Test
    void should_fail_corrupt_when_png_is_truncated() {
        // given
        byte[] whole = TestDocuments.png(TestDocuments.textImage("cut short"));
        byte[] truncated = Arrays.copyOf(whole, whole.length / 2);

        // when / then
        assertThatThrownBy(() ->
                        new DocumentExtractor(ExtractionLimits.defaults(), new FakeOcr("")).extract(truncated, null))
                .isInstanceOf(QuarryException.Permanent.class)
                .extracting(e -> ((QuarryException) e).reason())
                .isEqualTo(Reason.CORRUPT);
    }

    @Test
    void should_flatten_transparency_onto_white_before_ocr() {
        // given: black text on a fully transparent background
        BufferedImage transparent = new BufferedImage(400, 100, BufferedImage.TYPE_INT_ARGB);
        transparent.getGraphics().drawImage(TestDocuments.textImage("ink"), 0, 0, null);
        for (int y = 0; y < transparent.getHeight(); y++) {
            for (int x = 0; x < transparent.getWidth(); x++) {
                int rgb = transparent.getRGB(x, y);
                transparent.setRGB(x, y, (rgb & 0xFF) > 128 ? 0x00000000 : 0xFF000000);
            }
        }
        FakeOcr ocr = new FakeOcr("ink");

        // when
        new DocumentExtractor(ExtractionLimits.defaults(), ocr).extract(TestDocuments.png(transparent), null);

        // then
        BufferedImage seen = ocr.pages.get(0);
        assertThat(seen.getColorModel().hasAlpha()).isFalse();
        assertThat(seen.getRGB(399, 99) & 0xFFFFFF).isEqualTo(0xFFFFFF);
    }

    static byte[] multiPageTiff(BufferedImage... frames) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("tiff").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.prepareWriteSequence(null);
            for (BufferedImage frame : frames) {
                writer.writeToSequence(new IIOImage(frame, null, null), null);
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** A PNG signature, an IHDR chunk declaring the size, and an empty IEND: no pixel data at all. */
    static byte[] pngDeclaring(int width, int height) {
        ByteBuffer header = ByteBuffer.allocate(13).putInt(width).putInt(height).put(new byte[] {8, 0, 0, 0, 0});
        ByteBuffer png = ByteBuffer.allocate(8 + 25 + 12);
        png.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        chunk(png, "IHDR", header.array());
        chunk(png, "IEND", new byte[0]);
        return png.array();
    }

    private static void chunk(ByteBuffer png, String type, byte[] data) {
        CRC32 crc = new CRC32();
        crc.update(type.getBytes());
        crc.update(data);
        png.putInt(data.length).put(type.getBytes()).put(data).putInt((int) crc.getValue());
    }
}
