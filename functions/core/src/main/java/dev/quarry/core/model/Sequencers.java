package dev.quarry.core.model;

import java.util.Locale;

/**
 * Orders S3 events of one object key by their {@code sequencer}: a hexadecimal string where the greater
 * value is the later event. Sequencers can differ in length; S3's documentation says to right-pad the
 * shorter with zeros and then compare lexicographically (older revisions of that page said left-pad; the
 * current one, and the AWS SDKs' event types, say right). Sequencers of different keys are not comparable.
 */
public final class Sequencers {

    private Sequencers() {}

    /**
     * Negative when {@code a} is the earlier event, positive when it is the later one, 0 when they are the
     * same event (a redelivery).
     */
    public static int compare(String a, String b) {
        String x = a.toUpperCase(Locale.ROOT);
        String y = b.toUpperCase(Locale.ROOT);
        int width = Math.max(x.length(), y.length());
        return pad(x, width).compareTo(pad(y, width));
    }

    /** Whether an event with sequencer {@code candidate} is older than the recorded {@code newest}. */
    public static boolean isStale(String candidate, String newest) {
        return candidate != null && newest != null && compare(candidate, newest) < 0;
    }

    private static String pad(String value, int width) {
        return value + "0".repeat(width - value.length());
    }
}
