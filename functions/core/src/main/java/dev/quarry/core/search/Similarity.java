package dev.quarry.core.search;

/** How alike two embedding vectors are, one definition for the index adapters and the answer cache. */
public final class Similarity {

    private Similarity() {}

    /**
     * The cosine of the angle between {@code a} and {@code b} (which must have the same length): their similarity as
     * Weaviate's {@code cosine} distance reports it ({@code 1 - distance}); 0 when either is all zeros.
     */
    public static double cosine(float[] a, float[] b) {
        double dot = 0;
        double normA = 0;
        double normB = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            normA += a[i] * a[i];
            normB += b[i] * b[i];
        }
        return normA == 0 || normB == 0 ? 0 : dot / Math.sqrt(normA * normB);
    }
}
