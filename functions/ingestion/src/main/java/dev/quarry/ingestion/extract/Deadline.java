package dev.quarry.ingestion.extract;

import dev.quarry.core.QuarryException;
import dev.quarry.core.QuarryException.Reason;

import java.time.Duration;

/** The time by which one extraction must be done, checked between pages. */
final class Deadline {

    private final Duration budget;
    private final long endNanos;

    private Deadline(Duration budget) {
        this.budget = budget;
        this.endNanos = System.nanoTime() + budget.toNanos();
    }

    static Deadline after(Duration budget) {
        return new Deadline(budget);
    }

    /**
     * @param next what would be done next, for the message
     * @throws QuarryException.Permanent with {@code TIMEOUT} when the time is up
     */
    void check(String next) {
        if (System.nanoTime() - endNanos > 0) {
            throw new QuarryException.Permanent(
                    Reason.TIMEOUT,
                    "extraction took longer than " + budget + " (stopped before " + next
                            + "); raise quarry.extraction.timeout or extract page ranges separately");
        }
    }
}
