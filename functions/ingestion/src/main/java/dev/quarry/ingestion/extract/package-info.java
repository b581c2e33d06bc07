/**
 * Document extraction: bytes in, text per page out.
 *
 * <p>{@link dev.quarry.ingestion.extract.DocumentExtractor} is the entry point. It detects the format from the
 * content ({@link dev.quarry.ingestion.extract.ContentDetector}; a file name only tells Markdown from plain text)
 * and hands the bytes to one extractor per format:
 *
 * <ul>
 *   <li>PDF (PDFBox 3): the text layer page by page; a page with fewer than
 *       {@link dev.quarry.ingestion.extract.ExtractionLimits#minTextLayerChars()} letters and digits (default 20)
 *       is treated as scanned, rendered in grayscale at 300 dpi and OCRed. Counting letters and digits, not
 *       characters, means a page number on a scan or glyphs without a Unicode mapping (which come out as
 *       symbols or U+FFFD) do not pass for a text layer. Blank renders are not sent to OCR.
 *   <li>PNG, JPEG, TIFF (ImageIO): every image or TIFF frame is a page, OCRed.
 *   <li>HTML (jsoup), Markdown, plain text, DOCX (POI XWPF): one page, with headings.
 * </ul>
 *
 * <p>OCR goes through the {@link dev.quarry.core.port.OcrEngine} port;
 * {@link dev.quarry.ingestion.extract.TesseractOcr} runs the Tesseract command line. Every failure is a
 * {@link dev.quarry.core.QuarryException.Permanent} with a reason, and the
 * {@link dev.quarry.ingestion.extract.ExtractionLimits} (bytes, pages, pixels, expanded size, time) stop
 * decompression and image bombs before they take memory. The classes are thread-safe.
 */
package dev.quarry.ingestion.extract;
