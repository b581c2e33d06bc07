package dev.quarry.core.model;

/**
 * A numbered source of an answer.
 *
 * @param number 1-based number as cited in the answer text ([1], [2] …)
 * @param documentKey the cited document's key
 * @param version the cited document version
 * @param firstPage first page of the cited passage
 * @param lastPage last page of the cited passage
 * @param chunkId the cited chunk
 * @param rerankScore cross-encoder probability, or {@code null} when the query was not reranked
 * @param retrievalScore the retrieval (fused) score: ranks the passages of one query, means nothing across queries
 * @param relevance the passage's relevance to the question ({@link SearchHit#relevance()}: the cross-encoder
 *     probability when reranked, else the embedding cosine), comparable across queries; {@code null} for bm25
 *     without reranking
 * @param snippet a short excerpt of the passage
 */
public record Citation(
        int number,
        String documentKey,
        String version,
        int firstPage,
        int lastPage,
        String chunkId,
        Double rerankScore,
        double retrievalScore,
        Double relevance,
        String snippet) {

    /** The longest snippet, in characters, before an ellipsis. */
    public static final int SNIPPET_CHARS = 300;

    /** Cites {@code hit} as source {@code number}, with a snippet of its text. */
    public static Citation of(int number, SearchHit hit) {
        Chunk c = hit.chunk();
        return new Citation(
                number,
                c.document().key(),
                c.document().version(),
                c.firstPage(),
                c.lastPage(),
                c.id(),
                hit.rerankScore(),
                hit.score(),
                hit.relevance(),
                snippet(c.text()));
    }

    /** The passage on one line, cut at a word boundary after at most {@link #SNIPPET_CHARS} characters. */
    public static String snippet(String text) {
        String flat = text.strip().replaceAll("\\s+", " ");
        if (flat.length() <= SNIPPET_CHARS) {
            return flat;
        }
        int cut = flat.lastIndexOf(' ', SNIPPET_CHARS);
        return flat.substring(0, cut > SNIPPET_CHARS / 2 ? cut : SNIPPET_CHARS) + " …";
    }
}
