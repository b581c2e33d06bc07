package dev.quarry.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request body that may yield at most {@code limit} bytes: reading past it fails, so a body is bounded by the
 * bytes that actually arrive, whatever its {@code Content-Length} said (a chunked body has none, and a Lambda event
 * may carry none). After a failed read, {@link #exceeded()} tells the caller to answer {@link
 * BodyTooLargeException} (413) instead of whatever the failure became on its way up.
 */
public final class BoundedBody extends FilterInputStream {

    private final long limit;
    private final String what;
    private long count;
    private boolean exceeded;

    /**
     * @param what the body and the setting that bounds it, for the message (e.g. "the query body
     *     (quarry.api.max-query-body-bytes)")
     */
    public BoundedBody(InputStream in, long limit, String what) {
        super(in);
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0, was " + limit);
        }
        this.limit = limit;
        this.what = what;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            counted(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        // Never ask for more than one byte past the limit: the overflow is seen without reading far beyond it.
        int n = super.read(buffer, offset, (int) Math.min(length, Math.max(1, limit - count + 1)));
        if (n > 0) {
            counted(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(Math.min(n, Math.max(1, limit - count + 1)));
        if (skipped > 0) {
            counted(skipped);
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /** Whether the body went past the limit. */
    public boolean exceeded() {
        return exceeded;
    }

    /** The 413 to answer once {@link #exceeded()}. */
    public BodyTooLargeException tooLarge() {
        return new BodyTooLargeException(what + " has more than " + limit + " bytes; send at most " + limit);
    }

    private void counted(long n) throws IOException {
        count += n;
        if (count > limit) {
            exceeded = true;
            throw new IOException(what + " has more than " + limit + " bytes");
        }
    }
}
