package dev.quarry.cache.verify;

import dev.quarry.cache.QuestionGuard;
import dev.quarry.cache.QuestionGuard.Comparison;
import org.tartarus.snowball.ext.EnglishStemmer;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What the hit verifier sees of a would-be semantic hit: the looked-up question, the nearest cached
 * question, their cosine, and the cosine of the second-nearest cached question. Each feature is a number;
 * {@link #NAMES} fixes their order, and weights record the names they were trained with.
 *
 * <ul>
 *   <li>{@code cosine} of the query and the nearest cached question, and {@code neg_log_distance}, {@code
 *       -ln(1 - cosine)}, which spreads the top of the range where hits are decided;
 *   <li>{@code log_margin}: {@code ln(0.005 + nearest - second-nearest cosine)}, the margin capped at
 *       {@value #MAX_MARGIN} (and that when there is no second candidate): a query close to two cached
 *       questions is ambiguous;
 *   <li>{@code term_jaccard}, {@code word_jaccard}: shared subject terms (Snowball stems outside the
 *       scaffolding vocabulary) and shared words over those of either question;
 *   <li>{@code unmatched_terms}: subject terms in one question only, capped at 6;
 *   <li>{@code numbers_differ}, {@code negation_differs}, {@code question_type_differs}, {@code
 *       direction_conflict}: the old guard's rules ({@link QuestionGuard}), weighed instead of vetoing;
 *   <li>{@code first_word_differs}: the questions open differently; {@code wh_word_differs}: their first
 *       question word (what / how / why / which / who / when / where) differs;
 *   <li>{@code length_ratio}: shorter over longer, in words;
 *   <li>{@code idf_overlap}: the IDF-weighted Jaccard of the two questions' word stems ({@link TermWeights});
 *       {@code idf_unmatched_max} and {@code idf_unmatched_sum} ({@code ln(1 + sum)}): the IDF of the rarest,
 *       and of all, stems in one question only — a rare word asked about in one question only is the mark
 *       of a different question; {@code idf_only_query_max} and {@code idf_only_candidate_max}: the same
 *       for each side (a query that adds a rare word narrows the question, one that drops it widens it);
 *   <li>{@code words_min}, {@code words_max}: the shorter and the longer question's length in words (short
 *       questions share more words by chance).
 * </ul>
 */
public final class VerifierFeatures {

    /** The margin when it is at least this, or when there is no second candidate. */
    public static final double MAX_MARGIN = 0.25;

    public static final List<String> NAMES = List.of(
            "cosine",
            "neg_log_distance",
            "log_margin",
            "term_jaccard",
            "word_jaccard",
            "unmatched_terms",
            "numbers_differ",
            "negation_differs",
            "first_word_differs",
            "length_ratio",
            "question_type_differs",
            "direction_conflict",
            "wh_word_differs",
            "idf_overlap",
            "idf_unmatched_max",
            "idf_unmatched_sum",
            "idf_only_query_max",
            "idf_only_candidate_max",
            "words_min",
            "words_max");

    private static final Set<String> WH =
            Set.of("what", "which", "how", "who", "whom", "whose", "when", "where", "why");

    private final TermWeights terms;

    public VerifierFeatures(TermWeights terms) {
        this.terms = Objects.requireNonNull(terms, "terms must not be null");
    }

    /**
     * @param query the looked-up question, normalised
     * @param candidate the nearest cached question, normalised
     * @param nearest their cosine
     * @param second the cosine of the second-nearest cached question, or {@link Double#NaN} for none
     */
    public double[] of(String query, String candidate, double nearest, double second) {
        Comparison c = QuestionGuard.compare(query, candidate);
        double margin = Double.isNaN(second) ? MAX_MARGIN : Math.min(MAX_MARGIN, Math.max(0, nearest - second));
        int subjectTerms = c.sharedTerms() + c.onlyInA() + c.onlyInB();
        Set<String> a = stems(query);
        Set<String> b = stems(candidate);
        double shared = 0;
        double union = 0;
        double unmatchedMax = 0;
        double unmatchedSum = 0;
        double onlyQuery = 0;
        double onlyCandidate = 0;
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        for (String stem : all) {
            double idf = terms.idf(stem);
            union += idf;
            if (a.contains(stem) && b.contains(stem)) {
                shared += idf;
            } else {
                unmatchedMax = Math.max(unmatchedMax, idf);
                unmatchedSum += idf;
                if (a.contains(stem)) {
                    onlyQuery = Math.max(onlyQuery, idf);
                } else {
                    onlyCandidate = Math.max(onlyCandidate, idf);
                }
            }
        }
        return new double[] {
            nearest,
            -Math.log(1 - Math.min(0.9999, nearest)),
            Math.log(0.005 + margin),
            subjectTerms == 0 ? 1 : (double) c.sharedTerms() / subjectTerms,
            c.wordsUnion() == 0 ? 1 : (double) c.sharedWords() / c.wordsUnion(),
            Math.min(6, c.onlyInA() + c.onlyInB()),
            c.numbersDiffer() ? 1 : 0,
            c.negationDiffers() ? 1 : 0,
            c.firstWordSame() ? 0 : 1,
            Math.max(c.tokensA(), c.tokensB()) == 0
                    ? 1
                    : (double) Math.min(c.tokensA(), c.tokensB()) / Math.max(c.tokensA(), c.tokensB()),
            c.questionTypeDiffers() ? 1 : 0,
            c.directionConflict() ? 1 : 0,
            firstWh(query).equals(firstWh(candidate)) ? 0 : 1,
            union == 0 ? 1 : shared / union,
            unmatchedMax,
            Math.log1p(unmatchedSum),
            onlyQuery,
            onlyCandidate,
            Math.min(c.tokensA(), c.tokensB()),
            Math.max(c.tokensA(), c.tokensB())
        };
    }

    /** The Snowball stems of a normalised question's words, as {@link TermWeights} counts them. */
    public static Set<String> stems(String normalized) {
        Set<String> out = new HashSet<>();
        if (normalized.isBlank()) {
            return out;
        }
        EnglishStemmer stemmer = new EnglishStemmer();
        for (String token : normalized.split(" ")) {
            stemmer.setCurrent(token);
            stemmer.stem();
            out.add(stemmer.getCurrent());
        }
        return out;
    }

    private static String firstWh(String normalized) {
        for (String token : normalized.split(" ")) {
            if (WH.contains(token)) {
                return token;
            }
        }
        return "";
    }
}
