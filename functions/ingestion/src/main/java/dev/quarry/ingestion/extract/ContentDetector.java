package dev.quarry.ingestion.extract;

import dev.quarry.core.QuarryException;
import dev.quarry.core.QuarryException.Reason;
import dev.quarry.core.model.ContentType;
import org.mozilla.universalchardet.UniversalDetector;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Tells a document's format from its bytes. File names are not trusted: a name hint only breaks the tie
 * between plain text and Markdown.
 *
 * <ul>
 *   <li>PDF ({@code %PDF-} within the first 1024 bytes), PNG, JPEG and TIFF (both byte orders) by magic bytes;
 *   <li>DOCX: a ZIP archive whose central directory lists {@code word/document.xml}; any other ZIP is
 *       unsupported;
 *   <li>HTML: text starting with markup that holds a doctype, {@code <html>}, {@code <head>} or
 *       {@code <body>} within the first kilobyte, or starting with a common block tag and showing no
 *       Markdown structure;
 *   <li>Markdown: valid UTF-8 text with headings ({@code # Title} or underlined) or fenced code; plain text
 *       otherwise, unless the name hint ends with {@code .md} or {@code .markdown};
 *   <li>anything else (images other than PNG/JPEG/TIFF, executables, archives, legacy Office files, text in
 *       other encodings than UTF-8) fails with {@code UNSUPPORTED_TYPE}; no bytes with {@code EMPTY}.
 * </ul>
 */
public final class ContentDetector {

    private static final int SNIFF_CHARS = 1024;
    /** Markdown structure is looked for in the first 256 K characters. */
    private static final int MARKDOWN_SNIFF_CHARS = 256 * 1024;

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};
    private static final byte[] TIFF_LITTLE_ENDIAN = {'I', 'I', 42, 0};
    private static final byte[] TIFF_BIG_ENDIAN = {'M', 'M', 0, 42};
    private static final byte[] ZIP = {'P', 'K', 3, 4};
    private static final byte[] EMPTY_ZIP = {'P', 'K', 5, 6};
    private static final byte[] OLE2 = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A};
    private static final byte[] ENCRYPTED_PACKAGE_UTF16 = "EncryptedPackage".getBytes(StandardCharsets.UTF_16LE);
    private static final byte[] PDF = {'%', 'P', 'D', 'F', '-'};
    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final byte[] UTF16_LE_BOM = {(byte) 0xFF, (byte) 0xFE};
    private static final byte[] UTF16_BE_BOM = {(byte) 0xFE, (byte) 0xFF};
    /** The legacy-encoding detector reads at most this much; its statistics settle long before. */
    private static final int LEGACY_SNIFF_BYTES = 256 * 1024;
    /** Detected encodings whose byte structure strict decoding checks, so a wrong guess fails instead of passing. */
    private static final Set<String> MULTI_BYTE =
            Set.of("SHIFT_JIS", "EUC-JP", "EUC-KR", "GB18030", "BIG5", "ISO-2022-JP", "ISO-2022-KR");

    private static final Pattern HTML_STRONG =
            Pattern.compile("<(!doctype\\s+html|html|head|body)[\\s>/]", Pattern.CASE_INSENSITIVE);
    private static final Pattern HTML_WEAK_START = Pattern.compile(
            "^(<!--.*?-->\\s*)*<(div|p|h[1-6]|table|title|meta|link|script|style|section|article|main|ul|ol|span"
                    + "|a|img|header|nav|form|br)[\\s>/]",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern MARKDOWN_STRUCTURE = Pattern.compile(
            "^(#{1,6}[ \\t]+\\S.*|[ ]{0,3}(```|~~~).*|[ \\t]*+[^\\s][^\\n]*+\\n[ ]{0,3}(=++|-{2,}+)[ \\t]*+)$",
            Pattern.MULTILINE);

    /**
     * Detects the format of {@code content}.
     *
     * @param nameHint the document's name or key, only used to choose Markdown over plain text; may be null
     * @throws QuarryException.Permanent with {@code EMPTY}, {@code UNSUPPORTED_TYPE}, {@code ENCRYPTED} (a
     *     password-protected Office file) or {@code CORRUPT} (a ZIP without a readable directory)
     */
    public ContentType detect(byte[] content, String nameHint) {
        if (content == null || content.length == 0) {
            throw new QuarryException.Permanent(Reason.EMPTY, "the document has no bytes");
        }
        if (startsWith(content, PNG)) {
            return ContentType.PNG;
        }
        if (startsWith(content, JPEG)) {
            return ContentType.JPEG;
        }
        if (startsWith(content, TIFF_LITTLE_ENDIAN) || startsWith(content, TIFF_BIG_ENDIAN)) {
            return ContentType.TIFF;
        }
        if (hasPdfHeader(content)) {
            return ContentType.PDF;
        }
        if (startsWith(content, ZIP) || startsWith(content, EMPTY_ZIP)) {
            return detectZip(content);
        }
        if (startsWith(content, OLE2)) {
            throw unsupportedOle2(content);
        }
        return detectText(content, nameHint);
    }

    /** {@code %PDF-} at the start of a line within the first kilobyte (readers accept leading junk). */
    private static boolean hasPdfHeader(byte[] content) {
        int at = indexOf(content, PDF, SNIFF_CHARS);
        return at == 0 || at > 0 && (content[at - 1] == '\n' || content[at - 1] == '\r');
    }

    private static ContentType detectZip(byte[] content) {
        if (ZipDirectory.read(content).contains("word/document.xml")) {
            return ContentType.DOCX;
        }
        throw new QuarryException.Permanent(
                Reason.UNSUPPORTED_TYPE,
                "a ZIP archive that is not a Word document (no word/document.xml entry); Quarry extracts DOCX"
                        + " but not other archives");
    }

    private static QuarryException unsupportedOle2(byte[] content) {
        if (indexOf(content, ENCRYPTED_PACKAGE_UTF16, content.length) >= 0) {
            return new QuarryException.Permanent(
                    Reason.ENCRYPTED, "a password-protected Office document; remove the password and upload again");
        }
        return new QuarryException.Permanent(
                Reason.UNSUPPORTED_TYPE,
                "a legacy Office file (OLE2, e.g. .doc or .xls); save it as DOCX or PDF to have it indexed");
    }

    private static ContentType detectText(byte[] content, String nameHint) {
        // Tags are ASCII: sniff HTML in any ASCII-compatible charset, jsoup later honours <meta charset>.
        String head = new String(content, 0, Math.min(content.length, SNIFF_CHARS), StandardCharsets.ISO_8859_1)
                .replace("\u00EF\u00BB\u00BF", "")
                .stripLeading();
        boolean markup = head.startsWith("<") && head.indexOf(0) < 0;
        if (markup && HTML_STRONG.matcher(head).find()) {
            return ContentType.HTML;
        }
        String text = decodeText(content);
        if (text == null || !looksLikeText(text)) {
            throw new QuarryException.Permanent(
                    Reason.UNSUPPORTED_TYPE,
                    "not a supported format (PDF, PNG, JPEG, TIFF, DOCX, HTML, Markdown, or text in UTF-8, UTF-16"
                            + " with a byte order mark, Shift_JIS, EUC-JP, EUC-KR, GB18030 or Big5); starts with "
                            + hexPrefix(content) + legacyHint(content));
        }
        boolean markdown = MARKDOWN_STRUCTURE
                .matcher(text.substring(0, Math.min(text.length(), MARKDOWN_SNIFF_CHARS)))
                .find();
        if (!markdown && markup && HTML_WEAK_START.matcher(head).find()) {
            return ContentType.HTML;
        }
        if (markdown || hasMarkdownName(nameHint)) {
            return ContentType.MARKDOWN;
        }
        return ContentType.TEXT;
    }

    private static boolean hasMarkdownName(String nameHint) {
        if (nameHint == null) {
            return false;
        }
        String name = nameHint.toLowerCase(Locale.ROOT);
        return name.endsWith(".md") || name.endsWith(".markdown") || name.endsWith(".mdown");
    }

    /**
     * The text of a text document, or null when no supported encoding fits: UTF-8 (most text today), UTF-16 with a
     * byte order mark (what Windows calls "Unicode"), or a multi-byte East Asian encoding that Mozilla's detector
     * recognises (Shift_JIS, EUC-JP, EUC-KR, GB18030, Big5). Decoding is strict: bytes not valid in the encoding give
     * null rather than replacement characters.
     *
     * <p>Single-byte legacy encodings (windows-1252 and the ISO-8859 family, windows-1251, KOI8-R…) are not
     * decoded: every byte is valid in each of them, so nothing checks a guess, and the detector's guesses are often
     * wrong. On the 34 legacy-encoded translations of Vim's tutor (Debian's vim-runtime) it named windows-1252 for 23
     * files, 11 of them Czech, Polish, Croatian, Serbian, Slovak, Hungarian, Turkish or Esperanto text in other
     * encodings, and IBM866 (Cyrillic) for a Greek one: indexed, they would be garbage that no question finds.
     * {@link #legacyEncoding} names the likely encoding for the refusal instead.
     */
    static String decodeText(byte[] content) {
        String utf8 = decodeUtf8(content);
        if (utf8 != null) {
            return utf8;
        }
        if (startsWith(content, UTF16_LE_BOM)) {
            return decodeStrictly(content, UTF16_LE_BOM.length, StandardCharsets.UTF_16LE);
        }
        if (startsWith(content, UTF16_BE_BOM)) {
            return decodeStrictly(content, UTF16_BE_BOM.length, StandardCharsets.UTF_16BE);
        }
        return multiByteEncoding(content)
                .map(charset -> decodeStrictly(content, 0, Charset.forName(charset)))
                .orElse(null);
    }

    /** The East Asian multi-byte encoding the detector recognises in {@code content}, when this JVM has it. */
    static Optional<String> multiByteEncoding(byte[] content) {
        String detected = legacyEncoding(content);
        return detected != null && MULTI_BYTE.contains(detected) && Charset.isSupported(detected)
                ? Optional.of(detected)
                : Optional.empty();
    }

    /** Whether {@code content} starts with a UTF-8 or UTF-16 byte order mark. */
    static boolean hasByteOrderMark(byte[] content) {
        return startsWith(content, UTF8_BOM) || startsWith(content, UTF16_LE_BOM) || startsWith(content, UTF16_BE_BOM);
    }

    /** The legacy encoding Mozilla's detector takes {@code content} for (upper case, e.g. WINDOWS-1252), or null. */
    static String legacyEncoding(byte[] content) {
        UniversalDetector detector = new UniversalDetector();
        detector.handleData(content, 0, Math.min(content.length, LEGACY_SNIFF_BYTES));
        detector.dataEnd();
        String detected = detector.getDetectedCharset();
        return detected == null ? null : detected.toUpperCase(Locale.ROOT);
    }

    /** Why text in a single-byte legacy encoding is refused, and what to do; empty when none was recognised. */
    static String legacyHint(byte[] content) {
        String detected = legacyEncoding(content);
        if (detected == null || MULTI_BYTE.contains(detected) || detected.startsWith("UTF")) {
            return "";
        }
        return "; it looks like text in " + detected + ", a single-byte encoding that cannot be told apart from its"
                + " neighbours reliably (Polish or Czech text reads as windows-1252 garbage): save it as UTF-8";
    }

    /** {@code content} from {@code offset} in {@code charset}, or null when a byte sequence is not valid in it. */
    private static String decodeStrictly(byte[] content, int offset, Charset charset) {
        try {
            return charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content, offset, content.length - offset))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** The text, or null when the bytes are not valid UTF-8. A byte order mark is dropped. */
    static String decodeUtf8(byte[] content) {
        return decodeStrictly(content, startsWith(content, UTF8_BOM) ? UTF8_BOM.length : 0, StandardCharsets.UTF_8);
    }

    /** Text has no NUL and at most one control character (other than tab, line breaks, form feed) in 100. */
    private static boolean looksLikeText(String text) {
        int controls = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return false;
            }
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' || c == 0x7F) {
                controls++;
            }
        }
        return controls * 100L <= text.length();
    }

    private static String hexPrefix(byte[] content) {
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < Math.min(8, content.length); i++) {
            hex.append(String.format("%02x", content[i] & 0xFF));
        }
        return hex.toString();
    }

    static boolean startsWith(byte[] content, byte[] prefix) {
        if (content.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (content[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] content, byte[] needle, int within) {
        int end = Math.min(content.length, within) - needle.length;
        outer:
        for (int i = 0; i <= end; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (content[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
