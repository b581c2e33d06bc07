package dev.quarry.cache;

import dev.quarry.cache.verify.EntryObservations;
import dev.quarry.core.search.Similarity;
import io.vertx.mutiny.redis.client.Response;

import java.util.List;
import java.util.Map;

/**
 * The semantic half of a lookup: candidates ranked by how many LSH tables (or KNN results) they share with
 * the query, then the nearest and second-nearest of them by exact cosine. Only the nearest is ever judged or
 * served; the second-nearest's cosine is what the verifier's margin is measured against.
 */
final class SemanticLookup {

    private SemanticLookup() {}

    /** A candidate read back from its entry. */
    record Candidate(String id, String question, double cosine, EntryObservations seen) {}

    /** The nearest candidate (null when none was readable) and the second-nearest cosine (NaN when none). */
    record Nearest(Candidate best, double second) {
        static final Nearest NONE = new Nearest(null, Double.NaN);
    }

    /** The at most {@code max} candidates found in the most tables, the question's own entry excluded. */
    static List<String> rank(Map<String, Integer> votes, String self, int max) {
        votes.remove(self);
        return votes.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(max)
                .map(Map.Entry::getKey)
                .toList();
    }

    /**
     * @param fetched per candidate, the reply to {@code HMGET <entry> q v o}
     */
    static Nearest nearest(float[] query, List<String> candidates, List<Response> fetched) {
        Candidate best = null;
        double second = Double.NaN;
        for (int i = 0; i < candidates.size(); i++) {
            Response entry = fetched.get(i);
            if (entry == null || entry.get(0) == null || entry.get(1) == null) {
                continue; // evicted or expired; its bucket membership outlived it
            }
            float[] vector = RedisCacheStore.toFloats(entry.get(1).toBytes());
            if (vector.length != query.length) {
                continue;
            }
            double cosine = Similarity.cosine(query, vector);
            if (best == null || cosine > best.cosine()) {
                if (best != null) {
                    second = best.cosine();
                }
                Response seen = entry.size() > 2 ? entry.get(2) : null;
                best = new Candidate(
                        candidates.get(i),
                        entry.get(0).toString(),
                        cosine,
                        EntryObservations.parse(seen == null ? null : seen.toString()));
            } else if (Double.isNaN(second) || cosine > second) {
                second = cosine;
            }
        }
        return best == null ? Nearest.NONE : new Nearest(best, second);
    }
}
