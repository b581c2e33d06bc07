package dev.quarry.e2e.ingest;

import dev.quarry.ingestion.testing.TestPdfs;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The documents the suite uploads, generated on the fly. */
final class TestDocuments {

    private TestDocuments() {}

    /**
     * A text PDF of {@code pages} pages; page {@code n} mentions the word {@code marker + n} (e.g. {@code
     * almanac7}), so each page's text can be searched for.
     */
    static byte[] textPdf(int pages, String marker) {
        return TestPdfs.textPdf(pages, n -> {
            List<String> lines = new ArrayList<>();
            lines.add("Chapter " + n + " of the lighthouse keeper's log, entry " + marker + n + ".");
            for (int line = 0; line < 6; line++) {
                lines.add("The lamp at station " + n + " was trimmed at dusk; the fog signal sounded " + (line + 2)
                        + " times before the tide turned.");
            }
            return lines;
        });
    }

    /** A one-page PDF without any text layer: the page is an image of large printed words. */
    static byte[] scannedPdf(String text) {
        BufferedImage image = new BufferedImage(1240, 1754, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D graphics = image.createGraphics();
        try {
            graphics.setColor(Color.WHITE);
            graphics.fillRect(0, 0, image.getWidth(), image.getHeight());
            graphics.setColor(Color.BLACK);
            graphics.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            graphics.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 64));
            int y = 200;
            for (String line : text.split("\n")) {
                graphics.drawString(line, 100, y);
                y += 110;
            }
        } finally {
            graphics.dispose();
        }
        try (PDDocument document = new PDDocument()) {
            PDPage page = new PDPage(PDRectangle.A4);
            document.addPage(page);
            PDImageXObject scan = LosslessFactory.createFromImage(document, image);
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                content.drawImage(scan, 0, 0, PDRectangle.A4.getWidth(), PDRectangle.A4.getHeight());
            }
            return save(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A PDF that opens only with the user password. */
    static byte[] encryptedPdf() {
        try (PDDocument document = new PDDocument()) {
            PDPage page = new PDPage(PDRectangle.A4);
            document.addPage(page);
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                content.beginText();
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                content.newLineAtOffset(60, 780);
                content.showText("Sealed minutes of the harbour board.");
                content.endText();
            }
            StandardProtectionPolicy policy =
                    new StandardProtectionPolicy("owner-secret", "user-secret", new AccessPermission());
            policy.setEncryptionKeyLength(128);
            document.protect(policy);
            return save(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Bytes that start like a PDF and then are not one. */
    static byte[] corruptPdf() {
        return "%PDF-1.7\n%\u00e2\u00e3\n1 0 obj << /Type /Catalog /Pages 9 0 R >>\nthis is not a cross-reference table\n"
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] text(String content) {
        return content.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] save(PDDocument document) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        document.save(out);
        return out.toByteArray();
    }
}
