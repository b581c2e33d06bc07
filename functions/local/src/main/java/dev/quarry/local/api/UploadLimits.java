package dev.quarry.local.api;

import dev.quarry.local.LocalConfig;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpMethod;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code quarry serve}: keeps slow or numerous uploads from taking the server down. At most {@code
 * quarry.local.max-concurrent-uploads} uploads are received at once; more are answered 429 on the event loop
 * before they take a worker thread. A body that arrives slower than {@code quarry.local.min-upload-rate}
 * (after a grace period) is cut off ({@link #guard}), so a client sending a byte a second cannot hold a
 * worker for hours. Every other endpoint, {@code /v1/health} first, stays responsive.
 */
@ApplicationScoped
public class UploadLimits {

    /** Seconds before the upload rate is judged: TCP slow start and a client's first buffer. */
    static final int GRACE_SECONDS = 30;

    @Inject
    LocalConfig config;

    private final AtomicInteger active = new AtomicInteger();

    void register(@Observes Filters filters) {
        filters.register(
                context -> {
                    if (context.request().method() != HttpMethod.PUT
                            || !context.normalizedPath().startsWith("/v1/documents/")) {
                        context.next();
                        return;
                    }
                    int limit = config.maxConcurrentUploads();
                    if (active.incrementAndGet() > limit) {
                        active.decrementAndGet();
                        context.response()
                                .setStatusCode(429)
                                .putHeader("Content-Type", "application/problem+json")
                                .putHeader("Retry-After", "1")
                                .putHeader("Connection", "close")
                                .end("{\"type\":\"/problems/throttled\",\"title\":\"Too many requests\",\"status\":429,"
                                        + "\"detail\":\"" + limit + " uploads are being received"
                                        + " (quarry.local.max-concurrent-uploads); retry after 1 s\"}");
                        return;
                    }
                    context.addEndHandler(done -> active.decrementAndGet());
                    context.next();
                },
                // Before authentication and routing: a refused upload costs no worker thread.
                200);
    }

    /** Uploads being received now. */
    public int active() {
        return active.get();
    }

    /** {@code body}, cut off with an {@link IOException} when it arrives slower than the configured rate. */
    InputStream guard(InputStream body) {
        return new MinimumRate(body, config.minUploadRate(), GRACE_SECONDS * 1_000_000_000L);
    }

    /** An input stream that fails once its average rate, after a grace period, falls below a minimum. */
    static final class MinimumRate extends FilterInputStream {
        private final long bytesPerSecond;
        private final long graceNanos;
        private final long start = System.nanoTime();
        private long total;

        MinimumRate(InputStream in, long bytesPerSecond, long graceNanos) {
            super(in);
            this.bytesPerSecond = bytesPerSecond;
            this.graceNanos = graceNanos;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                total += n;
            }
            long elapsed = System.nanoTime() - start;
            if (n >= 0
                    && bytesPerSecond > 0
                    && elapsed > graceNanos
                    && total * 1_000_000_000L / elapsed < bytesPerSecond) {
                throw new IOException("the body arrived at " + (total * 1_000_000_000L / elapsed)
                        + " bytes/s, below quarry.local.min-upload-rate (" + bytesPerSecond + ")");
            }
            return n;
        }
    }
}
