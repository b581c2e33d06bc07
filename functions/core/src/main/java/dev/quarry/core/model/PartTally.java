package dev.quarry.core.model;

import dev.quarry.core.model.DocumentStatus.State;
import dev.quarry.core.port.DocumentStatusStore.PartResult;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The status arithmetic of a document split into page-range parts, shared by every {@link
 * dev.quarry.core.port.DocumentStatusStore}: a store keeps the part results of each version (one per part
 * number, so redeliveries do not count twice) and asks this class what the status becomes.
 */
public final class PartTally {

    private PartTally() {}

    /**
     * The status after {@code recorded} (every part result of {@code document}'s version so far, the new one
     * included): unchanged when the current status is final for this version or belongs to another version,
     * else {@code PROCESSING} with the parts done and their sums.
     */
    public static DocumentStatus statusAfter(
            Optional<DocumentStatus> current,
            DocumentRef document,
            int partCount,
            Collection<PartResult> recorded,
            String sequencer,
            Instant now) {
        if (current.isPresent()) {
            DocumentStatus known = current.get();
            boolean sameVersion = known.document().equals(document);
            boolean finished = known.state() == State.INDEXED || known.state() == State.FAILED;
            if (!sameVersion || finished) {
                return known;
            }
        }
        int pages = 0;
        long ocrPages = 0;
        int chunks = 0;
        long durationMs = 0;
        List<PageWithoutText> withoutText = new ArrayList<>();
        for (PartResult part : recorded) {
            pages += part.pages();
            ocrPages += part.ocrPages();
            chunks += part.chunks();
            durationMs += part.durationMs();
            withoutText.addAll(part.pagesWithoutText());
        }
        withoutText.sort(Comparator.comparingInt(PageWithoutText::page));
        return new DocumentStatus(
                document,
                State.PROCESSING,
                pages,
                ocrPages,
                chunks,
                durationMs,
                recorded.size(),
                partCount,
                null,
                null,
                now,
                sequencer,
                current.map(DocumentStatus::attempts).orElse(0),
                withoutText);
    }
}
