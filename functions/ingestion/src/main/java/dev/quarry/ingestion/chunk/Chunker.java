package dev.quarry.ingestion.chunk;

import dev.quarry.core.model.Chunk;
import dev.quarry.core.model.DocumentRef;
import dev.quarry.core.model.ExtractedDocument;
import dev.quarry.core.model.ExtractedPage;
import dev.quarry.core.port.Embedder;

import java.text.BreakIterator;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.ToIntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cuts an extracted document into chunks that the embedding model reads whole.
 *
 * <p><b>Structure first.</b> The pages are joined into one text (a line break between pages, so a paragraph
 * may continue on the next page) and cut into sections at the headings of {@link ExtractedPage#headings()}
 * (a heading of level n closes every open heading of level n or deeper). Each section is cut on its own:
 * whole paragraphs (separated by a blank line) are packed into a chunk while they fit. When the next unit
 * does not fit, a chunk that is at least half full is closed; otherwise a paragraph is cut into sentences
 * to fill it (a sentence is not cut to fill a chunk). Whatever is longer than a chunk on its own is cut
 * finer: a paragraph into sentences, a sentence into words, a word into pieces of characters. The next chunk of the same section starts with the last {@code overlapTokens} word pieces of the
 * previous one, snapped to a sentence start when one lies in that tail. Chunks never cross sections.
 *
 * <p><b>Tokens.</b> Sizes are counted with the embedding model's own tokenizer (special tokens excluded).
 * Every chunk text has at most {@link ChunkingOptions#maxTokens()} word pieces, and {@link
 * #embeddingText(Chunk)} has at most the model's {@code maxTokens}: when the heading path would not fit in
 * front of a full chunk, the section's chunks are made smaller (down to half of maxTokens) and the outer
 * headings are left out of the embedded text.
 *
 * <p><b>What is embedded.</b> {@link Chunk#text()} is the passage itself (heading lines that stand alone
 * are not repeated in it). The text to embed is {@link #embeddingText(Chunk)}: the heading path joined
 * with {@code " > "}, a blank line, then the passage; a chunk without headings is embedded as its text.
 *
 * <p><b>Pages.</b> A chunk's first and last page are the pages of its first and last character; blank pages
 * contribute no text. Positions run 0..n-1 in document order (or from {@code firstPosition}) and ids are
 * {@link Chunk#idFor(DocumentRef, int)}, so the same input gives the same ids.
 */
public final class Chunker {

    /** Joins the headings of a path in the embedded text. */
    public static final String HEADING_SEPARATOR = " > ";

    private static final Pattern PARAGRAPH_BREAK = Pattern.compile("\\n[ \\t\\r\\f\\u00A0]*\\n\\s*");
    private static final Pattern LEADING_MARKUP = Pattern.compile("^[#*=\\-\\s]+");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private final ChunkingOptions options;
    private final ToIntFunction<String> tokenCounter;
    private final int modelMaxTokens;

    /**
     * @param options chunk size and overlap
     * @param tokenCounter word pieces of a text, special tokens excluded, without truncation
     * @param modelMaxTokens the word pieces the embedding model reads (special tokens excluded)
     * @throws IllegalArgumentException when {@code options.maxTokens()} exceeds {@code modelMaxTokens}
     */
    public Chunker(ChunkingOptions options, ToIntFunction<String> tokenCounter, int modelMaxTokens) {
        this.options = Objects.requireNonNull(options, "options must not be null");
        this.tokenCounter = Objects.requireNonNull(tokenCounter, "tokenCounter must not be null");
        if (options.maxTokens() > modelMaxTokens) {
            throw new IllegalArgumentException("quarry.chunking.max-tokens (" + options.maxTokens()
                    + ") exceeds the " + modelMaxTokens + " word pieces the embedding model reads: lower it,"
                    + " or use quarry.embedding.window=256");
        }
        this.modelMaxTokens = modelMaxTokens;
    }

    /** A chunker that counts with {@code embedder}'s tokenizer and fits its window. */
    public static Chunker forEmbedder(ChunkingOptions options, Embedder embedder) {
        Objects.requireNonNull(embedder, "embedder must not be null");
        return new Chunker(options, embedder::countTokens, embedder.maxTokens());
    }

    public ChunkingOptions options() {
        return options;
    }

    /** The chunks of {@code document}, positions from 0; empty when the document has no text. */
    public List<Chunk> chunk(ExtractedDocument document, DocumentRef ref) {
        return chunk(document, ref, 0);
    }

    /**
     * The chunks of {@code document}, positions from {@code firstPosition} (for a page range of a larger
     * document, so that the ranges' positions, and therefore ids, do not collide).
     */
    public List<Chunk> chunk(ExtractedDocument document, DocumentRef ref, int firstPosition) {
        Objects.requireNonNull(document, "document must not be null");
        Objects.requireNonNull(ref, "ref must not be null");
        if (firstPosition < 0) {
            throw new IllegalArgumentException("firstPosition must be >= 0, was " + firstPosition);
        }
        Layout layout = Layout.of(document);
        List<Chunk> chunks = new ArrayList<>();
        for (Section section : layout.sections()) {
            int budget = budgetFor(section.headingPath());
            for (int[] span : new SectionSplitter(layout.text(), budget).split(section.start(), section.end())) {
                int position = firstPosition + chunks.size();
                chunks.add(new Chunk(
                        Chunk.idFor(ref, position),
                        ref,
                        document.contentType(),
                        layout.pageAt(span[0]),
                        layout.pageAt(span[1] - 1),
                        position,
                        section.headingPath(),
                        layout.text().substring(span[0], span[1])));
            }
        }
        return chunks;
    }

    /**
     * The text to embed for {@code chunk}: {@code "Outer > Inner\n\n" + text}, leaving out outer headings
     * (all of them if need be) until it fits the model's window.
     */
    public String embeddingText(Chunk chunk) {
        Objects.requireNonNull(chunk, "chunk must not be null");
        List<String> path = chunk.headingPath();
        int textTokens = tokenCounter.applyAsInt(chunk.text());
        for (int from = 0; from < path.size(); from++) {
            String prefix = String.join(HEADING_SEPARATOR, path.subList(from, path.size()));
            if (tokenCounter.applyAsInt(prefix) + textTokens <= modelMaxTokens) {
                return prefix + "\n\n" + chunk.text();
            }
        }
        return chunk.text();
    }

    /** Chunk size for a section: maxTokens, less what its heading path needs, but at least half of it. */
    private int budgetFor(List<String> headingPath) {
        int prefixTokens =
                headingPath.isEmpty() ? 0 : tokenCounter.applyAsInt(String.join(HEADING_SEPARATOR, headingPath));
        int room = modelMaxTokens - prefixTokens;
        return Math.max(Math.min(options.maxTokens(), room), options.maxTokens() / 2);
    }

    /** The joined text of the non-blank pages, where each page starts, and the sections. */
    private record Layout(String text, int[] pageStarts, int[] pageNumbers, List<Section> sections) {

        static Layout of(ExtractedDocument document) {
            StringBuilder text = new StringBuilder();
            List<Integer> starts = new ArrayList<>();
            List<Integer> numbers = new ArrayList<>();
            List<Section> sections = new ArrayList<>();
            Deque<ExtractedPage.Heading> open = new ArrayDeque<>();
            int sectionStart = 0;
            for (ExtractedPage page : document.pages()) {
                String pageText = page.text();
                int pageStart = text.length();
                if (!pageText.isBlank()) {
                    if (pageStart > 0) {
                        text.append('\n');
                        pageStart++;
                    }
                    starts.add(pageStart);
                    numbers.add(page.number());
                    text.append(pageText);
                }
                int cursor = 0;
                for (ExtractedPage.Heading heading : page.headings()) {
                    int[] found = locate(pageText.isBlank() ? "" : pageText, heading.text(), cursor);
                    int sectionEnd = pageStart + found[0];
                    sections.add(new Section(sectionStart, Math.max(sectionStart, sectionEnd), pathOf(open)));
                    while (!open.isEmpty() && open.peekLast().level() >= heading.level()) {
                        open.removeLast();
                    }
                    open.addLast(heading);
                    sectionStart = pageStart + found[1];
                    cursor = found[1];
                }
            }
            sections.add(new Section(sectionStart, text.length(), pathOf(open)));
            String joined = text.toString();
            List<Section> nonBlank = sections.stream()
                    .filter(s -> !joined.substring(s.start(), s.end()).isBlank())
                    .toList();
            return new Layout(
                    joined,
                    starts.stream().mapToInt(Integer::intValue).toArray(),
                    numbers.stream().mapToInt(Integer::intValue).toArray(),
                    nonBlank);
        }

        /**
         * Where the heading's section starts and its body starts in {@code pageText}, searching from {@code
         * from}. The first occurrence alone on its line (markdown marks allowed) wins and is left out of the
         * body; failing that, the first occurrence inside a longer line starts the section where it is; a
         * heading not found starts the section at {@code from}.
         */
        private static int[] locate(String pageText, String heading, int from) {
            String wanted = heading.strip();
            if (wanted.isEmpty()) {
                return new int[] {from, from};
            }
            int first = -1;
            for (int at = pageText.indexOf(wanted, from); at >= 0; at = pageText.indexOf(wanted, at + 1)) {
                first = first < 0 ? at : first;
                int lineStart = Math.max(from, pageText.lastIndexOf('\n', at - 1) + 1);
                int lineEnd = pageText.indexOf('\n', at);
                lineEnd = lineEnd < 0 ? pageText.length() : lineEnd;
                String line = LEADING_MARKUP
                        .matcher(pageText.substring(lineStart, lineEnd))
                        .replaceFirst("");
                if (normalize(line).equals(normalize(wanted))) {
                    return new int[] {lineStart, lineEnd};
                }
            }
            return first < 0 ? new int[] {from, from} : new int[] {first, first};
        }

        private static String normalize(String value) {
            return WHITESPACE.matcher(value.strip()).replaceAll(" ");
        }

        private static List<String> pathOf(Deque<ExtractedPage.Heading> open) {
            return open.stream().map(h -> normalize(h.text())).toList();
        }

        /** The page number of the character at {@code offset}. */
        int pageAt(int offset) {
            int index = Arrays.binarySearch(pageStarts, offset);
            return pageNumbers[index >= 0 ? index : -index - 2];
        }
    }

    /** Characters {@code [start, end)} of the joined text under one heading path. */
    private record Section(int start, int end, List<String> headingPath) {}

    /** How finely a unit of text is cut; each level cuts into the next. */
    private enum Level {
        PARAGRAPH,
        SENTENCE,
        WORD,
        PIECE
    }

    /** A unit of text {@code [start, end)} (trimmed, not empty) with its token count. */
    private record Unit(int start, int end, Level level, int tokens) {}

    /** Packs the units of one section into chunks of at most {@code budget} word pieces. */
    private final class SectionSplitter {
        private final String text;
        private final int budget;
        private final int overlap;

        SectionSplitter(String text, int budget) {
            this.text = text;
            this.budget = budget;
            this.overlap = Math.min(options.overlapTokens(), budget / 2 - 1);
        }

        /** Trimmed {@code [start, end)} spans of the chunks of {@code [start, end)}. */
        List<int[]> split(int start, int end) {
            Deque<Unit> queue = new ArrayDeque<>(paragraphs(start, end));
            List<int[]> chunks = new ArrayList<>();
            List<Unit> current = new ArrayList<>(); // units of the chunk being built, after any overlap
            int overlapStart = -1; // start of the tail carried over from the previous chunk, or -1
            int previousEnd = -1; // end of the previous chunk while its tail is carried over
            int tokens = 0; // word pieces of the chunk being built, overlap included
            while (!queue.isEmpty()) {
                Unit head = queue.peekFirst();
                int chunkStart = overlapStart >= 0
                        ? overlapStart
                        : current.isEmpty() ? head.start() : current.get(0).start();
                int lastEnd = !current.isEmpty()
                        ? current.get(current.size() - 1).end()
                        : overlapStart >= 0 ? previousEnd : -1;
                // Units are trimmed: a gap before head is whitespace, and BERT-style tokenizers split on it, so
                // counts add up. A piece glued to what precedes it is counted together with it.
                int joined =
                        lastEnd < 0 || head.start() > lastEnd ? tokens + head.tokens() : count(chunkStart, head.end());
                if (joined <= budget) {
                    current.add(queue.removeFirst());
                    tokens = joined;
                    continue;
                }
                boolean halfFull = !current.isEmpty() && tokens >= budget / 2;
                if (!halfFull && (head.tokens() > budget || head.level() == Level.PARAGRAPH)) {
                    queue.removeFirst(); // too long on its own, or a paragraph worth cutting to fill this chunk
                    List<Unit> finer = finer(head);
                    for (int i = finer.size() - 1; i >= 0; i--) {
                        queue.addFirst(finer.get(i));
                    }
                    continue;
                }
                if (current.isEmpty()) { // only the overlap is there and head does not fit after it: drop it
                    overlapStart = -1;
                    tokens = 0;
                    continue;
                }
                int chunkEnd = current.get(current.size() - 1).end();
                chunks.add(new int[] {chunkStart, chunkEnd});
                overlapStart = overlapStart(chunkStart, chunkEnd);
                previousEnd = chunkEnd;
                tokens = overlapStart >= 0 ? count(overlapStart, chunkEnd) : 0;
                current.clear();
            }
            if (!current.isEmpty()) {
                int chunkStart =
                        overlapStart >= 0 ? overlapStart : current.get(0).start();
                chunks.add(
                        new int[] {chunkStart, current.get(current.size() - 1).end()});
            }
            return chunks;
        }

        /**
         * Where the overlap of the next chunk starts: the last {@code overlap} word pieces of {@code [start,
         * end)} at a word start, moved to the first sentence start in that tail if there is one; -1 for none.
         */
        private int overlapStart(int start, int end) {
            if (overlap <= 0) {
                return -1;
            }
            int candidate = -1;
            int tokens = 0;
            int wordEnd = end;
            for (int i = end - 1; i > start; i--) {
                boolean wordStart =
                        !Character.isWhitespace(text.charAt(i)) && Character.isWhitespace(text.charAt(i - 1));
                if (wordStart) {
                    tokens += tokenCounter.applyAsInt(text.substring(i, wordEnd));
                    if (tokens > overlap) {
                        break;
                    }
                    candidate = i;
                    wordEnd = i;
                }
            }
            if (candidate < 0) {
                return -1;
            }
            BreakIterator sentences = BreakIterator.getSentenceInstance(Locale.ROOT);
            String tail = text.substring(candidate, end);
            sentences.setText(tail);
            int boundary = sentences.next(); // the end of the first (maybe partial) sentence of the tail
            if (boundary != BreakIterator.DONE && boundary < tail.length()) {
                int snapped = skipWhitespace(candidate + boundary, end);
                if (snapped < end && isSentenceStart(snapped)) {
                    return snapped;
                }
            }
            return candidate;
        }

        private boolean isSentenceStart(int offset) {
            int before = offset - 1;
            while (before >= 0 && Character.isWhitespace(text.charAt(before))) {
                before--;
            }
            return before < 0 || ".!?:;\n".indexOf(text.charAt(before)) >= 0 || text.charAt(offset - 1) == '\n';
        }

        private List<Unit> paragraphs(int start, int end) {
            List<Unit> units = new ArrayList<>();
            Matcher breaks = PARAGRAPH_BREAK.matcher(text).region(start, end);
            int from = start;
            while (breaks.find()) {
                addTrimmed(units, from, breaks.start(), Level.PARAGRAPH);
                from = breaks.end();
            }
            addTrimmed(units, from, end, Level.PARAGRAPH);
            return units;
        }

        /** {@code unit} cut one level finer; always at least two units or a piece-level cut. */
        private List<Unit> finer(Unit unit) {
            List<Unit> units = new ArrayList<>();
            switch (unit.level()) {
                case PARAGRAPH -> {
                    BreakIterator sentences = BreakIterator.getSentenceInstance(Locale.ROOT);
                    sentences.setText(text.substring(unit.start(), unit.end()));
                    int from = 0;
                    for (int to = sentences.next(); to != BreakIterator.DONE; to = sentences.next()) {
                        addTrimmed(units, unit.start() + from, unit.start() + to, Level.SENTENCE);
                        from = to;
                    }
                    if (units.size() < 2) {
                        units.clear();
                        addWords(units, unit);
                    }
                }
                case SENTENCE -> addWords(units, unit);
                case WORD -> addPieces(units, unit);
                case PIECE -> throw new IllegalStateException("pieces are not cut further");
            }
            return units;
        }

        private void addWords(List<Unit> units, Unit unit) {
            int i = unit.start();
            while (i < unit.end()) {
                while (i < unit.end() && Character.isWhitespace(text.charAt(i))) {
                    i++;
                }
                int wordStart = i;
                while (i < unit.end() && !Character.isWhitespace(text.charAt(i))) {
                    i++;
                }
                addTrimmed(units, wordStart, i, Level.WORD);
            }
            if (units.size() < 2) {
                units.clear();
                addPieces(units, unit);
            }
        }

        /** Cuts a word into the longest prefixes of at most {@code budget} word pieces (binary search). */
        private void addPieces(List<Unit> units, Unit unit) {
            int from = unit.start();
            while (from < unit.end()) {
                int low = from + 1;
                int high = unit.end();
                while (low < high) {
                    int mid = (low + high + 1) >>> 1;
                    if (count(from, mid) <= budget) {
                        low = mid;
                    } else {
                        high = mid - 1;
                    }
                }
                if (low < unit.end() && Character.isLowSurrogate(text.charAt(low)) && low - 1 > from) {
                    low--; // never split a surrogate pair
                }
                units.add(new Unit(from, low, Level.PIECE, count(from, low)));
                from = low;
            }
        }

        private void addTrimmed(List<Unit> units, int start, int end, Level level) {
            int s = skipWhitespace(start, end);
            int e = end;
            while (e > s && Character.isWhitespace(text.charAt(e - 1))) {
                e--;
            }
            if (e > s) {
                units.add(new Unit(s, e, level, count(s, e)));
            }
        }

        private int skipWhitespace(int from, int end) {
            int i = from;
            while (i < end && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            return i;
        }

        private int count(int start, int end) {
            return tokenCounter.applyAsInt(text.substring(start, end));
        }
    }
}
