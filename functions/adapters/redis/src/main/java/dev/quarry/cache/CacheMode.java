package dev.quarry.cache;

/** Which lookups the cache answers. */
public enum CacheMode {
    /** Never answer from the cache (nothing is stored either). */
    OFF,
    /** Only the same normalised question with the same parameters. */
    EXACT,
    /** Also paraphrases: embedding similarity above the threshold, confirmed by the guard. */
    SEMANTIC
}
