package dev.quarry.core.search;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The keyword (BM25) leg's text analysis ({@code quarry.keyword.*}). */
@ConfigMapping(prefix = "quarry.keyword")
public interface KeywordConfig {

    /**
     * {@code english} (stemming, stop words, possessives: Lucene's EnglishAnalyzer), {@code english-parts} (the
     * same, and identifiers joined by underscores or dots also indexed by their parts, for technical documentation)
     * or {@code standard} (lower case and stop words only, for collections that are not English). Queries get the
     * same analysis as indexed text (under {@code english-parts}, the {@code english} one), in the Lucene index and
     * in Weaviate alike; an index records the analyzer that built it and refuses another, so changing it requires
     * re-indexing. Measured in the README ("Retrieval quality").
     */
    @WithDefault("english")
    KeywordAnalyzer analyzer();
}
