package dev.quarry.ingestion.extract;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Hostile files of the kinds attackers and broken producers make, generated on the fly (nothing large is
 * committed): small files that declare huge images or deep structures, and large files within every ratio
 * limit. Shared by the extraction tests and the end-to-end hostile-file suite.
 */
public final class HostileDocuments {

    private HostileDocuments() {}

    /** A TIFF of one 1x1 page whose directory chain points back to itself: a decoder walking it never ends. */
    public static byte[] ifdLoopTiff() {
        ByteBuffer tiff = ByteBuffer.allocate(8 + 2 + 8 * 12 + 4 + 1).order(ByteOrder.LITTLE_ENDIAN);
        tiff.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8);
        short[][] entries = {
            {256, 3, 1, 1}, // width
            {257, 3, 1, 1}, // height
            {258, 3, 1, 8}, // bits per sample
            {259, 3, 1, 1}, // no compression
            {262, 3, 1, 1}, // black is zero
            {273, 4, 1, (short) (8 + 2 + 8 * 12 + 4)}, // strip offset
            {278, 3, 1, 1}, // rows per strip
            {279, 4, 1, 1}, // strip byte count
        };
        tiff.putShort((short) entries.length);
        for (short[] entry : entries) {
            tiff.putShort(entry[0]).putShort(entry[1]).putInt(entry[2]);
            if (entry[1] == 3) {
                tiff.putShort(entry[3]).putShort((short) 0);
            } else {
                tiff.putInt(entry[3]);
            }
        }
        tiff.putInt(8); // the next directory is this one again
        tiff.put((byte) 0x7f);
        return tiff.array();
    }

    /** A one-page PDF whose page sits below {@code depth} nested page-tree nodes. */
    public static byte[] deepPageTree(int depth) {
        Pdf pdf = new Pdf();
        int catalog = pdf.reserve();
        int firstNode = pdf.objects.size() + 1;
        for (int level = 0; level < depth; level++) {
            int self = firstNode + level;
            int parent = level == 0 ? 0 : self - 1;
            pdf.add("<< /Type /Pages /Kids [" + (self + 1) + " 0 R] /Count 1"
                    + (parent == 0 ? "" : " /Parent " + parent + " 0 R") + " >>");
        }
        int content = firstNode + depth + 1;
        pdf.add("<< /Type /Page /Parent " + (firstNode + depth - 1) + " 0 R /MediaBox [0 0 612 792] /Contents "
                + content
                + " 0 R /Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>");
        pdf.stream(
                content,
                "",
                text("A page at the bottom of a very deep page tree.").getBytes(StandardCharsets.US_ASCII));
        pdf.set(catalog, "<< /Type /Catalog /Pages " + firstNode + " 0 R >>");
        return pdf.bytes(catalog);
    }

    /** A PDF of {@code pages} pages of one line of text each, sharing one content stream (small to write). */
    public static byte[] manyPages(int pages) {
        Pdf pdf = new Pdf();
        int catalog = pdf.reserve();
        int tree = pdf.reserve();
        int content = pdf.reserve();
        pdf.stream(
                content,
                "",
                text("Page of a very long report on tides and harbours.").getBytes(StandardCharsets.US_ASCII));
        StringBuilder kids = new StringBuilder();
        for (int i = 0; i < pages; i++) {
            int page = pdf.add(
                    "<< /Type /Page /Parent " + tree + " 0 R /MediaBox [0 0 612 792] /Contents " + content
                            + " 0 R /Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>");
            kids.append(page).append(" 0 R ");
        }
        pdf.set(tree, "<< /Type /Pages /Kids [" + kids + "] /Count " + pages + " >>");
        pdf.set(catalog, "<< /Type /Catalog /Pages " + tree + " 0 R >>");
        return pdf.bytes(catalog);
    }

    /** Where a huge image sits in a one-page PDF without a text layer (so the page is rendered for OCR). */
    public enum ImagePlace {
        /** An inline image ({@code BI ... ID ... EI}) in the page's content stream. */
        INLINE,
        /** An image XObject drawn by an annotation's appearance stream. */
        ANNOTATION,
        /** An image XObject drawn by a tiling pattern that fills the page. */
        PATTERN,
        /** An image XObject drawn by a Type 3 font glyph. */
        TYPE3_GLYPH,
        /** A small image XObject whose soft mask is huge. */
        SOFT_MASK
    }

    /**
     * A one-page PDF showing a {@code width} x {@code height} image of {@code components} 8-bit components
     * (all zero, Flate-compressed: a few hundred kilobytes for a gigapixel) at {@code place}.
     */
    public static byte[] imageBomb(ImagePlace place, int width, int height, int components) {
        byte[] data = deflatedZeros((long) width * height * components);
        String space = components == 1 ? "/DeviceGray" : "/DeviceRGB";
        String dictionary = "/Width " + width + " /Height " + height + " /BitsPerComponent 8 /ColorSpace " + space
                + " /Filter /FlateDecode";
        Pdf pdf = new Pdf();
        int catalog = pdf.reserve();
        int tree = pdf.reserve();
        int page = pdf.reserve();
        int content = pdf.reserve();
        String resources = "";
        String annotations = "";
        byte[] drawing;
        switch (place) {
            case INLINE -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.writeBytes(("q 612 0 0 792 0 0 cm BI /W " + width + " /H " + height + " /BPC 8 /CS "
                                + (components == 1 ? "/G" : "/RGB") + " /F /Fl ID ")
                        .getBytes(StandardCharsets.US_ASCII));
                out.writeBytes(data);
                out.writeBytes("\nEI Q\n".getBytes(StandardCharsets.US_ASCII));
                drawing = out.toByteArray();
            }
            case ANNOTATION -> {
                int image = pdf.reserve();
                pdf.stream(image, "/Type /XObject /Subtype /Image " + dictionary, data);
                int form = pdf.reserve();
                pdf.stream(
                        form,
                        "/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /XObject << /Im1 " + image
                                + " 0 R >> >>",
                        "q 612 0 0 792 0 0 cm /Im1 Do Q".getBytes(StandardCharsets.US_ASCII));
                annotations = " /Annots [<< /Type /Annot /Subtype /Square /Rect [0 0 612 792] /AP << /N " + form
                        + " 0 R >> >>]";
                drawing = "".getBytes(StandardCharsets.US_ASCII);
            }
            case PATTERN -> {
                int image = pdf.reserve();
                pdf.stream(image, "/Type /XObject /Subtype /Image " + dictionary, data);
                int pattern = pdf.reserve();
                pdf.stream(
                        pattern,
                        "/Type /Pattern /PatternType 1 /PaintType 1 /TilingType 1 /BBox [0 0 612 792] /XStep 612"
                                + " /YStep 792 /Resources << /XObject << /Im1 " + image + " 0 R >> >>",
                        "q 612 0 0 792 0 0 cm /Im1 Do Q".getBytes(StandardCharsets.US_ASCII));
                resources = "/Pattern << /P1 " + pattern + " 0 R >>";
                drawing = "/Pattern cs /P1 scn 0 0 612 792 re f".getBytes(StandardCharsets.US_ASCII);
            }
            case TYPE3_GLYPH -> {
                int image = pdf.reserve();
                pdf.stream(image, "/Type /XObject /Subtype /Image " + dictionary, data);
                int glyph = pdf.reserve();
                pdf.stream(glyph, "", "1000 0 d0 q 1000 0 0 1000 0 0 cm /Im1 Do Q".getBytes(StandardCharsets.US_ASCII));
                int font = pdf.add(
                        "<< /Type /Font /Subtype /Type3 /FontBBox [0 0 1000 1000] /FontMatrix [0.001 0 0 0.001 0 0]"
                                + " /CharProcs << /a " + glyph
                                + " 0 R >> /Encoding << /Type /Encoding /Differences [97 /a] >>"
                                + " /FirstChar 97 /LastChar 97 /Widths [1000] /Resources << /XObject << /Im1 " + image
                                + " 0 R >> >> >>");
                resources = "/Font << /T3 " + font + " 0 R >>";
                drawing = "BT /T3 500 Tf 50 50 Td (a) Tj ET".getBytes(StandardCharsets.US_ASCII);
            }
            case SOFT_MASK -> {
                int mask = pdf.reserve();
                pdf.stream(
                        mask,
                        "/Type /XObject /Subtype /Image /Width " + width + " /Height " + height
                                + " /BitsPerComponent 8 /ColorSpace /DeviceGray /Filter /FlateDecode",
                        components == 1 ? data : deflatedZeros((long) width * height));
                int image = pdf.reserve();
                pdf.stream(
                        image,
                        "/Type /XObject /Subtype /Image /Width 2 /Height 2 /BitsPerComponent 8 /ColorSpace /DeviceGray"
                                + " /SMask " + mask + " 0 R",
                        new byte[] {0, 0, 0, 0});
                resources = "/XObject << /Im1 " + image + " 0 R >>";
                drawing = "q 612 0 0 792 0 0 cm /Im1 Do Q".getBytes(StandardCharsets.US_ASCII);
            }
            default -> throw new IllegalArgumentException(place.name());
        }
        pdf.stream(content, "", drawing);
        pdf.set(
                page,
                "<< /Type /Page /Parent " + tree + " 0 R /MediaBox [0 0 612 792] /Contents " + content
                        + " 0 R /Resources << " + resources + " >>" + annotations + " >>");
        pdf.set(tree, "<< /Type /Pages /Kids [" + page + " 0 R] /Count 1 >>");
        pdf.set(catalog, "<< /Type /Catalog /Pages " + tree + " 0 R >>");
        return pdf.bytes(catalog);
    }

    /**
     * A {@code size} x {@code size} 16-bit grayscale PNG (white, with a line of large black text in the middle),
     * written row by row so that generating it needs no full raster.
     */
    public static byte[] sixteenBitPng(int size, String line) throws IOException {
        BufferedImage text = new BufferedImage(size, size / 10, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = text.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, text.getWidth(), text.getHeight());
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, size / 25));
            g.drawString(line, size / 20, text.getHeight() * 2 / 3);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteBuffer header = ByteBuffer.allocate(13).putInt(size).putInt(size);
        header.put((byte) 16).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(png, "IHDR", header.array());
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        try (DeflaterOutputStream deflate = new DeflaterOutputStream(idat, new Deflater(6), 1 << 16)) {
            byte[] row = new byte[1 + 2 * size];
            int textTop = (size - text.getHeight()) / 2;
            int[] gray = new int[size];
            for (int y = 0; y < size; y++) {
                row[0] = 0; // no filter
                boolean inText = y >= textTop && y < textTop + text.getHeight();
                if (inText) {
                    text.getRaster().getPixels(0, y - textTop, size, 1, gray);
                }
                for (int x = 0; x < size; x++) {
                    int value = inText ? gray[x] * 257 : 0xFFFF;
                    row[1 + 2 * x] = (byte) (value >> 8);
                    row[2 + 2 * x] = (byte) value;
                }
                deflate.write(row);
            }
        }
        chunk(png, "IDAT", idat.toByteArray());
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    /**
     * A DOCX of at least {@code compressedBytes} bytes whose {@code word/document.xml} holds paragraphs of
     * pseudo-random words: it inflates about four times, well within any ratio limit, to far more text than
     * an ingest should hold.
     */
    public static void largeDocx(OutputStream target, long compressedBytes) throws IOException {
        CountingStream counted = new CountingStream(target);
        try (ZipOutputStream zip = new ZipOutputStream(counted)) {
            zip.putNextEntry(new ZipEntry("[Content_Types].xml"));
            zip.write(("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/"
                            + "package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/"
                            + "vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\""
                            + " ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\""
                            + " ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml."
                            + "document.main+xml\"/></Types>")
                    .getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry("_rels/.rels"));
            zip.write(("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas."
                            + "openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://"
                            + "schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\""
                            + " Target=\"word/document.xml\"/></Relationships>")
                    .getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry("word/document.xml"));
            zip.write(("<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas."
                            + "openxmlformats.org/wordprocessingml/2006/main\"><w:body>")
                    .getBytes(StandardCharsets.UTF_8));
            Random random = new Random(44);
            List<String> words = new ArrayList<>();
            for (int i = 0; i < 5000; i++) {
                StringBuilder word = new StringBuilder();
                for (int n = 3 + random.nextInt(8); n > 0; n--) {
                    word.append((char) ('a' + random.nextInt(26)));
                }
                words.add(word.toString());
            }
            StringBuilder paragraph = new StringBuilder();
            while (counted.count < compressedBytes) {
                paragraph.setLength(0);
                paragraph.append("<w:p><w:r><w:t>");
                for (int i = 0; i < 80; i++) {
                    paragraph.append(words.get(random.nextInt(words.size()))).append(' ');
                }
                paragraph.append("</w:t></w:r></w:p>");
                zip.write(paragraph.toString().getBytes(StandardCharsets.UTF_8));
            }
            zip.write("</w:body></w:document>".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
    }

    private static final class CountingStream extends FilterOutputStream {
        long count;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }
    }

    private static String text(String line) {
        return "BT /F1 12 Tf 72 720 Td (" + line + ") Tj ET";
    }

    private static void chunk(ByteArrayOutputStream png, String type, byte[] data) throws IOException {
        DataOutputStream out = new DataOutputStream(png);
        out.writeInt(data.length);
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        out.write(name);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        out.writeInt((int) crc.getValue());
    }

    private static final java.util.Map<Long, byte[]> ZEROS = new java.util.concurrent.ConcurrentHashMap<>();

    /** {@code length} zero bytes, deflated (about a thousandth of their length); made once per length. */
    static byte[] deflatedZeros(long length) {
        return ZEROS.computeIfAbsent(length, HostileDocuments::deflateZeros);
    }

    private static byte[] deflateZeros(long length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Deflater deflater = new Deflater(9);
        byte[] zeros = new byte[1 << 20];
        byte[] buffer = new byte[1 << 16];
        try (DeflaterOutputStream deflate = new DeflaterOutputStream(out, deflater, buffer.length)) {
            for (long left = length; left > 0; left -= zeros.length) {
                deflate.write(zeros, 0, (int) Math.min(zeros.length, left));
            }
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        } finally {
            deflater.end();
        }
        return out.toByteArray();
    }

    /** A minimal PDF writer: numbered objects, a classic cross-reference table. */
    private static final class Pdf {
        final List<byte[]> objects = new ArrayList<>();

        int reserve() {
            objects.add(null);
            return objects.size();
        }

        int add(String dictionary) {
            objects.add(dictionary.getBytes(StandardCharsets.ISO_8859_1));
            return objects.size();
        }

        void set(int number, String dictionary) {
            objects.set(number - 1, dictionary.getBytes(StandardCharsets.ISO_8859_1));
        }

        void stream(int number, String dictionary, byte[] data) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(("<< " + dictionary + " /Length " + data.length + " >>\nstream\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.writeBytes(data);
            out.writeBytes("\nendstream".getBytes(StandardCharsets.ISO_8859_1));
            if (number > objects.size()) {
                objects.add(out.toByteArray());
            } else {
                objects.set(number - 1, out.toByteArray());
            }
        }

        byte[] bytes(int root) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n".getBytes(StandardCharsets.ISO_8859_1));
            long[] offsets = new long[objects.size()];
            for (int i = 0; i < objects.size(); i++) {
                offsets[i] = out.size();
                out.writeBytes(((i + 1) + " 0 obj\n").getBytes(StandardCharsets.ISO_8859_1));
                out.writeBytes(objects.get(i));
                out.writeBytes("\nendobj\n".getBytes(StandardCharsets.ISO_8859_1));
            }
            long xref = out.size();
            StringBuilder table = new StringBuilder("xref\n0 " + (objects.size() + 1) + "\n0000000000 65535 f \n");
            for (long offset : offsets) {
                table.append(String.format("%010d 00000 n \n", offset));
            }
            table.append("trailer\n<< /Size ")
                    .append(objects.size() + 1)
                    .append(" /Root ")
                    .append(root)
                    .append(" 0 R >>\nstartxref\n")
                    .append(xref)
                    .append("\n%%EOF\n");
            out.writeBytes(table.toString().getBytes(StandardCharsets.ISO_8859_1));
            return out.toByteArray();
        }
    }
}
