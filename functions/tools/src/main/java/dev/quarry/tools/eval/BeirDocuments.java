package dev.quarry.tools.eval;

import dev.quarry.core.QuarryException;
import dev.quarry.core.model.DocumentRef;
import dev.quarry.core.port.DocumentSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A BEIR corpus as the document store the ingest pipeline reads: document {@code i} is the Markdown file {@code
 * doc-i.md} holding {@code "# title"}, a blank line and the text (just the text when there is no title), so the
 * real extractor finds the title as the document's level-1 heading. Keys are made up (not the BEIR ids), so
 * nothing of an id can reach the index; {@link #idOf(String)} maps a key back.
 */
final class BeirDocuments implements DocumentSource {

    static final String VERSION = "1";

    private final List<String> ids;
    private final List<byte[]> files;
    private final Map<String, Integer> byKey = new HashMap<>();

    BeirDocuments(BeirDataset dataset) {
        Objects.requireNonNull(dataset, "dataset must not be null");
        this.ids = new ArrayList<>(dataset.corpus().keySet());
        this.files = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            files.add(markdown(dataset.corpus().get(ids.get(i))).getBytes(StandardCharsets.UTF_8));
            byKey.put(keyOf(i), i);
        }
    }

    int size() {
        return ids.size();
    }

    static String keyOf(int index) {
        return "doc-" + index + ".md";
    }

    /** The BEIR id of a document key, or null for a key of no document here. */
    String idOf(String key) {
        Integer index = byKey.get(key);
        return index == null ? null : ids.get(index);
    }

    DocumentRef ref(String tenant, int index) {
        return new DocumentRef(tenant, keyOf(index), VERSION);
    }

    @Override
    public byte[] read(DocumentRef document, long maxBytes) {
        Integer index = byKey.get(document.key());
        if (index == null) {
            throw new QuarryException.Permanent(
                    QuarryException.Reason.NOT_FOUND, "no corpus document " + document.key());
        }
        byte[] file = files.get(index);
        if (file.length > maxBytes) {
            throw new QuarryException.Permanent(
                    QuarryException.Reason.TOO_LARGE,
                    document.key() + " has " + file.length + " bytes, more than " + maxBytes);
        }
        return file;
    }

    /** {@code "# title\n\ntext"}, or the part that is not blank; a document with neither is one line "-". */
    static String markdown(BeirDataset.Document document) {
        String title = document.title().strip().replaceAll("\\s+", " ");
        String text = document.text().strip();
        if (title.isEmpty()) {
            return text.isEmpty() ? "-" : text;
        }
        return text.isEmpty() ? "# " + title : "# " + title + "\n\n" + text;
    }
}
