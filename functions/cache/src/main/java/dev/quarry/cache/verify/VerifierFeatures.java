package dev.quarry.cache.verify;

import dev.quarry.cache.QuestionGuard;
import dev.quarry.cache.QuestionGuard.Comparison;

import java.util.List;

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
 *   <li>{@code numbers_differ}, {@code negation_differs}: two of the old guard's rules ({@link
 *       QuestionGuard}), now weighed instead of vetoing; its question-type and direction rules earned no
 *       weight on the training data and are not features;
 *   <li>{@code first_word_differs}: the questions open differently ("how" / "what" / "why" …);
 *   <li>{@code length_ratio}: shorter over longer, in words.
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
            "length_ratio");

    private VerifierFeatures() {}

    /**
     * @param query the looked-up question, normalised
     * @param candidate the nearest cached question, normalised
     * @param nearest their cosine
     * @param second the cosine of the second-nearest cached question, or {@link Double#NaN} for none
     */
    public static double[] of(String query, String candidate, double nearest, double second) {
        Comparison c = QuestionGuard.compare(query, candidate);
        double margin = Double.isNaN(second) ? MAX_MARGIN : Math.min(MAX_MARGIN, Math.max(0, nearest - second));
        int terms = c.sharedTerms() + c.onlyInA() + c.onlyInB();
        return new double[] {
            nearest,
            -Math.log(1 - Math.min(0.9999, nearest)),
            Math.log(0.005 + margin),
            terms == 0 ? 1 : (double) c.sharedTerms() / terms,
            c.wordsUnion() == 0 ? 1 : (double) c.sharedWords() / c.wordsUnion(),
            Math.min(6, c.onlyInA() + c.onlyInB()),
            c.numbersDiffer() ? 1 : 0,
            c.negationDiffers() ? 1 : 0,
            c.firstWordSame() ? 0 : 1,
            Math.max(c.tokensA(), c.tokensB()) == 0
                    ? 1
                    : (double) Math.min(c.tokensA(), c.tokensB()) / Math.max(c.tokensA(), c.tokensB())
        };
    }
}
