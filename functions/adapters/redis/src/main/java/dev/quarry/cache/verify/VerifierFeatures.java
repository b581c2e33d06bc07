package dev.quarry.cache.verify;

import dev.quarry.cache.QuestionGuard;
import dev.quarry.cache.QuestionGuard.Comparison;
import org.tartarus.snowball.ext.EnglishStemmer;

import java.util.ArrayList;
import java.util.Arrays;
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
 *       questions share more words by chance);
 *   <li>{@code polar_conflict}: one question has a polar word (high / low, best / worst, increase / decrease,
 *       buy / sell, male / female, before / after, …; {@link #POLAR}) and the other has its opposite instead —
 *       common antonyms carry little IDF, so the IDF mismatch features miss them;
 *   <li>{@code order_swaps}: of the pairs of subject stems both questions share (once each), the share in
 *       the opposite order ("X vs Y" / "Y vs X", "is X better than Y" / "is Y better than X"), 0 with fewer
 *       than two;
 *   <li>{@code idf_unmatched_fuzzy_max}: {@code idf_unmatched_max} after pairing off stems in one question
 *       only that are spellings of each other (edit distance at most one in five characters, or a shared
 *       prefix of five; a transposition is one edit): a misspelt word is not another subject.
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
            "words_max",
            "polar_conflict",
            "order_swaps",
            "idf_unmatched_fuzzy_max");

    /**
     * The feature weights trained with a pair model carry after {@link #NAMES}: the pair model's score (a
     * cross-encoder's probability that the two questions ask the same) of the query and the nearest question.
     */
    public static final String PAIR_SCORE = "pair_score";

    private static final List<String> NAMES_WITH_PAIR_SCORE = withPairScore();

    private static final Set<String> WH =
            Set.of("what", "which", "how", "who", "whom", "whose", "when", "where", "why");

    /** Polar word pairs, compared by Snowball stem: either side present in one question, the other in the other. */
    static final List<String[]> POLAR = polar(List.of(
            "high low",
            "higher lower",
            "highest lowest",
            "best worst",
            "better worse",
            "good bad",
            "increase decrease",
            "increase reduce",
            "gain lose",
            "gain loss",
            "win lose",
            "profit loss",
            "before after",
            "advantage disadvantage",
            "pros cons",
            "buy sell",
            "male female",
            "men women",
            "man woman",
            "boy girl",
            "boyfriend girlfriend",
            "husband wife",
            "first last",
            "more less",
            "most least",
            "positive negative",
            "start stop",
            "begin end",
            "rich poor",
            "cheap expensive",
            "easy hard",
            "easy difficult",
            "love hate",
            "like dislike",
            "hot cold",
            "up down",
            "old young",
            "old new",
            "early late",
            "big small",
            "long short",
            "fast slow",
            "true false",
            "right wrong",
            "legal illegal",
            "happy sad",
            "success failure",
            "strong weak",
            "strength weakness",
            "heavy light",
            "top bottom",
            "open close",
            "accept reject",
            "pass fail",
            "import export",
            "north south",
            "east west",
            "left right",
            "day night",
            "summer winter",
            "input output",
            "send receive",
            "upload download",
            "minimum maximum",
            "min max",
            "over under",
            "above below",
            "major minor",
            "past future",
            "introvert extrovert",
            "employer employee",
            "teacher student",
            "parent child",
            "inside outside",
            "online offline",
            "private public",
            "hire fire",
            "add remove",
            "enable disable",
            "follow unfollow",
            "block unblock",
            "install uninstall",
            "encrypt decrypt",
            "asset liability",
            "debit credit",
            "wet dry",
            "dark light",
            "black white",
            "rise fall",
            "more fewer",
            "attract repel"));

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
            Math.max(c.tokensA(), c.tokensB()),
            polarConflict(a, b) ? 1 : 0,
            orderSwaps(query, candidate),
            fuzzyUnmatchedMax(a, b)
        };
    }

    /**
     * {@link #of(String, String, double, double)} followed by {@code pairScore}, for weights trained with a
     * pair model.
     *
     * @param pairScore the pair model's score of the two questions, in [0, 1]
     */
    public double[] of(String query, String candidate, double nearest, double second, double pairScore) {
        if (!(pairScore >= 0 && pairScore <= 1)) {
            throw new IllegalArgumentException("pairScore must be in [0, 1], was " + pairScore);
        }
        double[] base = of(query, candidate, nearest, second);
        double[] all = Arrays.copyOf(base, base.length + 1);
        all[base.length] = pairScore;
        return all;
    }

    /** The feature names of weights trained with a pair model ({@code true}) or without one. */
    public static List<String> names(boolean pairScore) {
        return pairScore ? NAMES_WITH_PAIR_SCORE : NAMES;
    }

    private static List<String> withPairScore() {
        List<String> names = new ArrayList<>(NAMES);
        names.add(PAIR_SCORE);
        return List.copyOf(names);
    }

    /** Whether one question has a polar word and the other its opposite (and not the word itself). */
    static boolean polarConflict(Set<String> a, Set<String> b) {
        for (String[] pair : POLAR) {
            boolean aFirst = a.contains(pair[0]) && !a.contains(pair[1]);
            boolean aSecond = a.contains(pair[1]) && !a.contains(pair[0]);
            boolean bFirst = b.contains(pair[0]) && !b.contains(pair[1]);
            boolean bSecond = b.contains(pair[1]) && !b.contains(pair[0]);
            if ((aFirst && bSecond) || (aSecond && bFirst)) {
                return true;
            }
        }
        return false;
    }

    /** The share of shared subject-stem pairs whose order differs between the two questions. */
    static double orderSwaps(String query, String candidate) {
        List<String> a = subjectStems(query);
        List<String> b = subjectStems(candidate);
        List<Integer> positions = new ArrayList<>();
        for (String stem : a) {
            if (a.indexOf(stem) == a.lastIndexOf(stem)
                    && b.indexOf(stem) >= 0
                    && b.indexOf(stem) == b.lastIndexOf(stem)) {
                positions.add(b.indexOf(stem));
            }
        }
        int pairs = 0;
        int swapped = 0;
        for (int i = 0; i < positions.size(); i++) {
            for (int j = i + 1; j < positions.size(); j++) {
                pairs++;
                swapped += positions.get(i) > positions.get(j) ? 1 : 0;
            }
        }
        return pairs == 0 ? 0 : (double) swapped / pairs;
    }

    /** The largest IDF of a stem in one question only, once stems that are spellings of each other are paired. */
    double fuzzyUnmatchedMax(Set<String> a, Set<String> b) {
        List<String> onlyA = a.stream().filter(s -> !b.contains(s)).toList();
        List<String> onlyB = b.stream().filter(s -> !a.contains(s)).toList();
        double max = 0;
        for (String s : onlyA) {
            if (onlyB.stream().noneMatch(t -> spelling(s, t))) {
                max = Math.max(max, terms.idf(s));
            }
        }
        for (String t : onlyB) {
            if (onlyA.stream().noneMatch(s -> spelling(s, t))) {
                max = Math.max(max, terms.idf(t));
            }
        }
        return max;
    }

    /** Two stems of at least four characters within one edit per five characters, or sharing a prefix of five. */
    static boolean spelling(String s, String t) {
        if (s.length() < 4 || t.length() < 4 || s.chars().anyMatch(Character::isDigit)) {
            return false;
        }
        int prefix = 0;
        while (prefix < Math.min(s.length(), t.length()) && s.charAt(prefix) == t.charAt(prefix)) {
            prefix++;
        }
        if (prefix >= 5) {
            return true;
        }
        int allowed = Math.max(1, Math.min(s.length(), t.length()) / 5);
        return Math.abs(s.length() - t.length()) <= allowed && editDistance(s, t) <= allowed;
    }

    /** Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent transpositions. */
    static int editDistance(String s, String t) {
        int[][] d = new int[s.length() + 1][t.length() + 1];
        for (int i = 0; i <= s.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= t.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= s.length(); i++) {
            for (int j = 1; j <= t.length(); j++) {
                int cost = s.charAt(i - 1) == t.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && s.charAt(i - 1) == t.charAt(j - 2) && s.charAt(i - 2) == t.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[s.length()][t.length()];
    }

    /** The stems of a normalised question's subject words, in order (scaffolding and numbers left out). */
    private static List<String> subjectStems(String normalized) {
        List<String> out = new ArrayList<>();
        if (normalized.isBlank()) {
            return out;
        }
        EnglishStemmer stemmer = new EnglishStemmer();
        for (String token : normalized.split(" ")) {
            if (QuestionGuard.isSubjectWord(token)) {
                out.add(stem(stemmer, token));
            }
        }
        return out;
    }

    private static List<String[]> polar(List<String> pairs) {
        EnglishStemmer stemmer = new EnglishStemmer();
        List<String[]> out = new ArrayList<>();
        for (String pair : pairs) {
            String[] words = pair.split(" ");
            String[] stems = new String[2];
            for (int i = 0; i < 2; i++) {
                stems[i] = stem(stemmer, words[i]);
            }
            out.add(stems);
        }
        return List.copyOf(out);
    }

    /** The Snowball stems of a normalised question's words, as {@link TermWeights} counts them. */
    public static Set<String> stems(String normalized) {
        Set<String> out = new HashSet<>();
        if (normalized.isBlank()) {
            return out;
        }
        EnglishStemmer stemmer = new EnglishStemmer();
        for (String token : normalized.split(" ")) {
            out.add(stem(stemmer, token));
        }
        return out;
    }

    /** {@code token}'s Snowball stem ({@code stemmer} is not thread-safe: one per call of its caller). */
    private static String stem(EnglishStemmer stemmer, String token) {
        stemmer.setCurrent(token);
        stemmer.stem();
        return stemmer.getCurrent();
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
