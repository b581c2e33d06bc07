package dev.quarry.ingestion.extract;

import dev.quarry.core.QuarryException;
import dev.quarry.core.QuarryException.Reason;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The entry names of a ZIP archive, read from its central directory without inflating anything (so a
 * decompression bomb costs nothing to detect).
 */
final class ZipDirectory {

    private static final int END_OF_DIRECTORY = 0x06054b50;
    private static final int DIRECTORY_ENTRY = 0x02014b50;
    private static final int END_RECORD_SIZE = 22;
    private static final int ENTRY_HEADER_SIZE = 46;
    private static final int MAX_COMMENT = 0xFFFF;

    private ZipDirectory() {}

    /**
     * @throws QuarryException.Permanent with {@code CORRUPT} when the archive has no readable central directory
     */
    static Set<String> read(byte[] zip) {
        int end = findEndRecord(zip);
        if (end < 0) {
            throw corrupt("no end of central directory record (truncated?)");
        }
        int entries = u16(zip, end + 10);
        long offset = u32(zip, end + 16);
        Set<String> names = new HashSet<>();
        int at = (int) Math.min(offset, Integer.MAX_VALUE);
        for (int i = 0; i < entries; i++) {
            if (at < 0 || at + ENTRY_HEADER_SIZE > zip.length || (int) u32(zip, at) != DIRECTORY_ENTRY) {
                throw corrupt("central directory entry " + i + " is not where the directory says");
            }
            int nameLength = u16(zip, at + 28);
            int extraLength = u16(zip, at + 30);
            int commentLength = u16(zip, at + 32);
            if (at + ENTRY_HEADER_SIZE + nameLength > zip.length) {
                throw corrupt("central directory entry " + i + " is cut off");
            }
            names.add(new String(zip, at + ENTRY_HEADER_SIZE, nameLength, StandardCharsets.UTF_8));
            at += ENTRY_HEADER_SIZE + nameLength + extraLength + commentLength;
        }
        return names;
    }

    /**
     * The compressed size of each entry, from the central directory; entries whose size is kept in a ZIP64
     * record are left out (their callers fall back to the archive's size).
     *
     * @throws QuarryException.Permanent with {@code CORRUPT} when the archive has no readable central directory
     */
    static Map<String, Long> compressedSizes(byte[] zip) {
        int end = findEndRecord(zip);
        if (end < 0) {
            throw corrupt("no end of central directory record (truncated?)");
        }
        int entries = u16(zip, end + 10);
        int at = (int) Math.min(u32(zip, end + 16), Integer.MAX_VALUE);
        Map<String, Long> sizes = new HashMap<>();
        for (int i = 0; i < entries; i++) {
            if (at < 0 || at + ENTRY_HEADER_SIZE > zip.length || (int) u32(zip, at) != DIRECTORY_ENTRY) {
                throw corrupt("central directory entry " + i + " is not where the directory says");
            }
            long compressed = u32(zip, at + 20);
            int nameLength = u16(zip, at + 28);
            int extraLength = u16(zip, at + 30);
            int commentLength = u16(zip, at + 32);
            if (at + ENTRY_HEADER_SIZE + nameLength > zip.length) {
                throw corrupt("central directory entry " + i + " is cut off");
            }
            if (compressed != 0xFFFFFFFFL) {
                sizes.put(new String(zip, at + ENTRY_HEADER_SIZE, nameLength, StandardCharsets.UTF_8), compressed);
            }
            at += ENTRY_HEADER_SIZE + nameLength + extraLength + commentLength;
        }
        return sizes;
    }

    private static int findEndRecord(byte[] zip) {
        int last = zip.length - END_RECORD_SIZE;
        int first = Math.max(0, last - MAX_COMMENT);
        for (int at = last; at >= first; at--) {
            if ((int) u32(zip, at) == END_OF_DIRECTORY) {
                return at;
            }
        }
        return -1;
    }

    private static QuarryException corrupt(String why) {
        return new QuarryException.Permanent(Reason.CORRUPT, "unreadable ZIP archive: " + why);
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
    }

    private static long u32(byte[] b, int at) {
        return (u16(b, at) | (long) u16(b, at + 2) << 16);
    }
}
