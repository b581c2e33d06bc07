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
 * @param retrievalScore the retrieval (fused) score
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
        String snippet) {

    public static Citation of(int number, SearchHit hit, String snippet) {
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
                snippet);
    }
}
