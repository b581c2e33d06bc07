package dev.quarry.ingestion.extract;

import dev.quarry.core.QuarryException;
import dev.quarry.core.QuarryException.Reason;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The pages of a TIFF (classic or BigTIFF), read from its chain of image file directories (IFDs) without
 * decoding anything: each page's width, height and bits per pixel. The chain is walked with every offset
 * remembered, so a chain that loops back (a file of a few hundred bytes can make a decoder walk forever and
 * exhaust memory) fails with {@code CORRUPT}, and the walk stops as soon as it passes the page limit.
 */
final class TiffDirectory {

    private static final int IMAGE_WIDTH = 256;
    private static final int IMAGE_LENGTH = 257;
    private static final int BITS_PER_SAMPLE = 258;
    private static final int SAMPLES_PER_PIXEL = 277;
    /** More entries than any real directory has; a larger count is a broken or hostile file. */
    private static final int MAX_ENTRIES = 4096;

    /** One page: its size and the bits of one decoded pixel. */
    record Page(long width, long height, int bitsPerPixel) {}

    private final byte[] tiff;
    private final boolean little;
    private final boolean big;

    private TiffDirectory(byte[] tiff) {
        this.tiff = tiff;
        if (tiff.length < 8) {
            throw corrupt("it is shorter than a TIFF header");
        }
        if (tiff[0] == 'I' && tiff[1] == 'I') {
            little = true;
        } else if (tiff[0] == 'M' && tiff[1] == 'M') {
            little = false;
        } else {
            throw corrupt("it does not start with a TIFF byte order mark");
        }
        int version = u16(2);
        if (version == 42) {
            big = false;
        } else if (version == 43) {
            big = true;
        } else {
            throw corrupt("its version is " + version + ", neither TIFF (42) nor BigTIFF (43)");
        }
    }

    /**
     * The pages of {@code tiff}, at most {@code maxPages}.
     *
     * @throws QuarryException.Permanent {@code CORRUPT} for a broken or looping chain, {@code TOO_LARGE} past
     *     {@code maxPages}
     */
    static List<Page> pages(byte[] tiff, int maxPages) {
        return new TiffDirectory(tiff).walk(maxPages);
    }

    private List<Page> walk(int maxPages) {
        List<Page> pages = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        long offset = big ? u64(8) : u32(4);
        while (offset != 0) {
            if (!seen.add(offset)) {
                throw corrupt("its chain of pages loops back to the directory at byte " + offset + " after "
                        + pages.size() + " page(s)");
            }
            if (pages.size() >= maxPages) {
                throw new QuarryException.Permanent(
                        Reason.TOO_LARGE,
                        "the TIFF has more than " + maxPages + " pages, more than quarry.extraction.max-pages ("
                                + maxPages + ")");
            }
            offset = readDirectory(offset, pages);
        }
        if (pages.isEmpty()) {
            throw corrupt("it holds no page");
        }
        return pages;
    }

    /** Reads the directory at {@code at} into {@code pages}; returns the offset of the next one (0: none). */
    private long readDirectory(long at, List<Page> pages) {
        int entrySize = big ? 20 : 12;
        int countSize = big ? 8 : 2;
        check(at, countSize);
        long count = big ? u64(at) : u16(at);
        if (count < 1 || count > MAX_ENTRIES) {
            throw corrupt("the directory at byte " + at + " claims " + count + " entries");
        }
        long first = at + countSize;
        check(first, count * entrySize + (big ? 8 : 4));
        long width = -1;
        long height = -1;
        int samples = 1;
        int bitsPerSample = 1;
        for (int i = 0; i < count; i++) {
            long entry = first + (long) i * entrySize;
            int tag = u16(entry);
            int type = u16(entry + 2);
            long values = big ? u64(entry + 4) : u32(entry + 8 - 4);
            long valueAt = entry + (big ? 12 : 8);
            switch (tag) {
                case IMAGE_WIDTH -> width = scalar(type, valueAt);
                case IMAGE_LENGTH -> height = scalar(type, valueAt);
                case SAMPLES_PER_PIXEL -> samples = (int) Math.min(scalar(type, valueAt), 64);
                case BITS_PER_SAMPLE -> bitsPerSample = firstShort(type, values, valueAt);
                default -> {
                    // not needed to size the page
                }
            }
        }
        if (width < 1 || height < 1) {
            throw corrupt("page " + (pages.size() + 1) + " has no width or height");
        }
        pages.add(new Page(width, height, Math.max(1, samples) * Math.max(1, Math.min(bitsPerSample, 64))));
        long next = first + count * entrySize;
        return big ? u64(next) : u32(next);
    }

    /** A SHORT or LONG (or LONG8) value stored in the entry itself. */
    private long scalar(int type, long at) {
        return switch (type) {
            case 3 -> u16(at);
            case 4 -> u32(at);
            case 16 -> u64(at);
            default -> throw corrupt("a size field has type " + type);
        };
    }

    /** The first of the BitsPerSample values (they are equal for the images Java decodes). */
    private int firstShort(int type, long values, long at) {
        if (type != 3) {
            return 8;
        }
        int inline = big ? 4 : 2;
        long where = values <= inline ? at : (big ? u64(at) : u32(at));
        check(where, 2);
        return u16(where);
    }

    private void check(long at, long length) {
        if (at < 0 || length < 0 || at + length > tiff.length) {
            throw corrupt("a directory points past the end of the file (byte " + at + ")");
        }
    }

    private int u8(long at) {
        check(at, 1);
        return tiff[(int) at] & 0xFF;
    }

    private int u16(long at) {
        check(at, 2);
        return little ? u8(at) | u8(at + 1) << 8 : u8(at) << 8 | u8(at + 1);
    }

    private long u32(long at) {
        check(at, 4);
        return little ? (u16(at) | (long) u16(at + 2) << 16) : ((long) u16(at) << 16 | u16(at + 2));
    }

    private long u64(long at) {
        check(at, 8);
        long value = little ? (u32(at) | u32(at + 4) << 32) : (u32(at) << 32 | u32(at + 4));
        return value < 0 ? Long.MAX_VALUE : value;
    }

    private static QuarryException corrupt(String why) {
        return new QuarryException.Permanent(Reason.CORRUPT, "unreadable TIFF: " + why);
    }
}
