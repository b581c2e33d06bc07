package dev.quarry.ingestion.extract;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** Documents generated for the tests, small enough to OCR in well under a second per page. */
final class TestDocuments {

    private TestDocuments() {}

    /** A grayscale image with each line drawn in a large sans-serif font, black on white. */
    static BufferedImage textImage(String... lines) {
        int lineHeight = 70;
        BufferedImage image = new BufferedImage(1000, 40 + lineHeight * lines.length, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.setColor(Color.BLACK);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 48));
            for (int i = 0; i < lines.length; i++) {
                g.drawString(lines[i], 30, 80 + i * lineHeight);
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    static byte[] png(BufferedImage image) {
        return write(image, "png");
    }

    static byte[] write(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A PDF page: either text (a string, drawn with Helvetica) or a scan (an image filling the page). */
    sealed interface Page permits TextPage, ScannedPage {}

    record TextPage(String... lines) implements Page {}

    record ScannedPage(BufferedImage image) implements Page {}

    static byte[] pdf(Page... pages) {
        try (PDDocument document = new PDDocument()) {
            for (Page page : pages) {
                PDPage pdfPage = new PDPage(PDRectangle.A4);
                document.addPage(pdfPage);
                try (PDPageContentStream content = new PDPageContentStream(document, pdfPage)) {
                    if (page instanceof TextPage text) {
                        drawText(content, text.lines());
                    } else if (page instanceof ScannedPage scan) {
                        PDImageXObject image = LosslessFactory.createFromImage(document, scan.image());
                        float width = PDRectangle.A4.getWidth() - 72;
                        float height =
                                width * scan.image().getHeight() / scan.image().getWidth();
                        content.drawImage(image, 36, PDRectangle.A4.getHeight() - 36 - height, width, height);
                    }
                }
            }
            return save(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void drawText(PDPageContentStream content, String... lines) throws IOException {
        content.beginText();
        content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
        content.setLeading(16);
        content.newLineAtOffset(72, 760);
        for (String line : List.of(lines)) {
            content.showText(line);
            content.newLine();
        }
        content.endText();
    }

    static byte[] save(PDDocument document) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        document.save(out);
        return out.toByteArray();
    }
}
