package dev.quarry.cache;

import org.tartarus.snowball.ext.EnglishStemmer;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The false-hit guard: embedding similarity says two questions are about the same thing, not that they
 * ask the same. Two questions above the similarity threshold are still different questions when they
 * differ in
 *
 * <ul>
 *   <li>a number or date: digits, number words (read as digits: "three" = "3"), ordinals, month and
 *       weekday names ("in 2023" / "in 2024", "after 3 years" / "after 5 years");
 *   <li>negation: one says not / no / never / without / …n't and the other does not;
 *   <li>what is asked: who / when / where / why ("when was it built" / "why was it built"); "what year" and
 *       "what time" ask when;
 *   <li>a subject term: every word outside a fixed scaffolding vocabulary (question and function words,
 *       generic verbs such as "explain" or "tell", generic heads such as "steps" or "difference") must
 *       occur in both, compared by Snowball stem and through a small table of generic synonyms. Names,
 *       rare terms, content nouns and polar words (over / under, minimum / maximum, before / after) are
 *       subject terms: "capital of France" and "capital of Germany" differ in one.
 * </ul>
 *
 * It works on {@link dev.quarry.core.query.CacheKey#normalize normalised} text, so it is symmetric,
 * deterministic and needs no model. It trades recall for precision: a paraphrase that swaps a content
 * word for an unlisted synonym misses the cache and is computed, which costs a model call but is never
 * wrong.
 *
 * <p>Direction: "to" and "from" are scaffolding, but the subject term they govern keeps its direction. When a
 * term goes one way in one question and the other way in the other ("a taxi to the airport" / "a taxi from
 * the airport", "flights from Paris to Berlin" / "from Berlin to Paris"), they are different questions. A
 * term with a direction in one question and none in the other ("airport taxi") is not a conflict, so
 * paraphrases that drop the preposition still hit.
 */
public final class QuestionGuard {

    /** Why two questions were judged different, or {@link #SAME}. */
    public enum Verdict {
        SAME,
        NUMBER,
        NEGATION,
        QUESTION_TYPE,
        DIRECTION,
        TERM
    }

    private static final String[] UNITS = {
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty"
    };
    private static final String[] ORDINALS = {
        "zeroth",
        "first",
        "second",
        "third",
        "fourth",
        "fifth",
        "sixth",
        "seventh",
        "eighth",
        "ninth",
        "tenth",
        "eleventh",
        "twelfth"
    };
    private static final Map<String, String> NUMBER_WORDS = numberWords();

    private static final Set<String> DATE_WORDS =
            words("thirty forty fifty sixty seventy eighty ninety hundred thousand million billion trillion dozen half"
                    + " quarter twice double triple"
                    + " january february march april june july august september october november december"
                    + " jan feb mar apr jun jul aug sep sept oct nov dec"
                    + " monday tuesday wednesday thursday friday saturday sunday weekday weekend"
                    + " yesterday today tomorrow tonight morning evening night noon midnight"
                    + " daily weekly monthly yearly annual annually quarterly hourly");

    private static final Set<String> NEGATIONS =
            words("not no never none nobody nothing nowhere neither nor without cannot cant dont doesnt isnt arent"
                    + " wasnt werent wont shouldnt couldnt wouldnt didnt hasnt havent hadnt mustnt");

    /** The asked-for kind of answer; "what" and "how" are too broad to tell questions apart. */
    private static final Map<String, String> QUESTION_WORDS =
            Map.of("who", "who", "whom", "who", "whose", "who", "when", "when", "where", "where", "why", "why");

    private static final Set<String> WH = words("what which how who whom whose when where why");

    /** Prepositions that give the next subject term a direction, and that direction. */
    private static final Map<String, String> DIRECTIONS = Map.of(
            "to", "to", "into", "to", "onto", "to", "toward", "to", "towards", "to", "from", "from", "out", "from");

    /** Heads that turn "what …" into a "when" question. */
    private static final Set<String> TIME_HEADS = words("time year date day month hour");

    /**
     * Question scaffolding and function words: they may differ between two phrasings of one question. Polar
     * words (over/under, above/below, before/after, more/less, minimum/maximum) are deliberately not here.
     */
    private static final Set<String> SCAFFOLD =
            words("a an the of to in on at by for from with about as into than then so such"
                    + " and or but if whether because while what which how whats hows"
                    + " is are was were be been being am do does did done doing have has had having"
                    + " i me my mine we us our you your it its they them their he him his she her this that these"
                    + " those there here s t d ll re ve m"
                    + " can could would should will shall may might must"
                    + " please tell explain describe show give let know find get learn understand say"
                    + " kindly quick quickly briefly exactly actually really just also some any all"
                    + " way ways thing things one ones something anything mean means meaning"
                    + " called name named im ive id youre"
                    + " someone somebody anyone people person like need want wanted trying try able possible"
                    + " go going proper properly correct correctly"
                    // Generic heads of a question ("which city", "what steps", "the difference"): they name
                    // the kind of answer wanted, not its subject.
                    + " city place location country company organization term word steps step process"
                    + " procedure method methods reason reasons purpose difference differences differ example"
                    + " examples definition define overview summary details detail information info kind type"
                    + " sort options option much many number count amount happen happens exist exists");

    /** Generic synonyms treated as one subject term: word groups, first member canonical. */
    private static final Map<String, String> SYNONYMS = synonyms(List.of(
            "price cost",
            "buy purchase",
            "begin start",
            "end finish",
            "big large",
            "small little tiny",
            "car automobile",
            "fix repair",
            "change modify alter",
            "create make build built construct",
            "remove delete",
            "use utilize",
            "job occupation",
            "doctor physician",
            "answer reply",
            "fast quick rapid",
            "help assist assistance",
            "setup configure configuration set",
            "stop halt",
            "allow permit allowed permitted",
            "often frequently frequent",
            "write wrote written author",
            "win won winner",
            "near nearest close closest",
            "enable activate",
            "disable deactivate"));

    private QuestionGuard() {}

    /** Whether two normalised questions may share an answer (similarity is checked elsewhere). */
    public static boolean sameQuestion(String a, String b) {
        return verdict(a, b) == Verdict.SAME;
    }

    public static Verdict verdict(String a, String b) {
        Parsed pa = parse(a);
        Parsed pb = parse(b);
        if (!pa.numbers.equals(pb.numbers)) {
            return Verdict.NUMBER;
        }
        if (pa.negated != pb.negated) {
            return Verdict.NEGATION;
        }
        if (!pa.asks.equals(pb.asks)) {
            return Verdict.QUESTION_TYPE;
        }
        if (!pa.terms.equals(pb.terms)) {
            return Verdict.TERM;
        }
        for (Map.Entry<String, String> direction : pa.directions.entrySet()) {
            String other = pb.directions.get(direction.getKey());
            if (other != null && !other.equals(direction.getValue())) {
                return Verdict.DIRECTION;
            }
        }
        return Verdict.SAME;
    }

    /**
     * How two normalised questions differ, as counts the hit verifier weighs instead of rules that veto.
     *
     * @param numbersDiffer the numbers and dates of the two differ
     * @param negationDiffers one is negated and the other is not
     * @param questionTypeDiffers they ask different things (who / when / where / why)
     * @param directionConflict a shared subject term goes "to" in one and "from" in the other
     * @param sharedTerms subject terms in both
     * @param onlyInA subject terms of {@code a} missing from {@code b}
     * @param onlyInB subject terms of {@code b} missing from {@code a}
     * @param tokensA words of {@code a}
     * @param tokensB words of {@code b}
     * @param sharedWords distinct words (all words, scaffolding included) in both
     * @param wordsUnion distinct words in either
     * @param firstWordSame both start with the same word ("what" / "how" / "why" …)
     */
    public record Comparison(
            boolean numbersDiffer,
            boolean negationDiffers,
            boolean questionTypeDiffers,
            boolean directionConflict,
            int sharedTerms,
            int onlyInA,
            int onlyInB,
            int tokensA,
            int tokensB,
            int sharedWords,
            int wordsUnion,
            boolean firstWordSame) {}

    /** Compares two normalised questions (symmetric up to swapping the A and B counts). */
    public static Comparison compare(String a, String b) {
        Parsed pa = parse(a);
        Parsed pb = parse(b);
        Set<String> shared = new TreeSet<>(pa.terms);
        shared.retainAll(pb.terms);
        boolean conflict = false;
        for (Map.Entry<String, String> direction : pa.directions.entrySet()) {
            String other = pb.directions.get(direction.getKey());
            if (other != null && !other.equals(direction.getValue())) {
                conflict = true;
            }
        }
        String[] wa = a.isBlank() ? new String[0] : a.split(" ");
        String[] wb = b.isBlank() ? new String[0] : b.split(" ");
        Set<String> setA = Set.of(Arrays.stream(wa).distinct().toArray(String[]::new));
        Set<String> setB = Set.of(Arrays.stream(wb).distinct().toArray(String[]::new));
        int sharedWords = 0;
        for (String w : setA) {
            if (setB.contains(w)) {
                sharedWords++;
            }
        }
        return new Comparison(
                !pa.numbers.equals(pb.numbers),
                pa.negated != pb.negated,
                !pa.asks.equals(pb.asks),
                conflict,
                shared.size(),
                pa.terms.size() - shared.size(),
                pb.terms.size() - shared.size(),
                wa.length,
                wb.length,
                sharedWords,
                setA.size() + setB.size() - sharedWords,
                wa.length > 0 && wb.length > 0 && wa[0].equals(wb[0]));
    }

    /** @param directions subject term → "to" or "from", for terms a directional preposition governs */
    private record Parsed(
            Set<String> numbers,
            boolean negated,
            Set<String> asks,
            Set<String> terms,
            Map<String, String> directions) {}

    private static Parsed parse(String normalized) {
        Set<String> numbers = new TreeSet<>();
        Set<String> asks = new TreeSet<>();
        Set<String> terms = new TreeSet<>();
        Map<String, String> directions = new HashMap<>();
        String pendingDirection = null;
        boolean negated = false;
        boolean seenWh = false;
        EnglishStemmer stemmer = new EnglishStemmer();
        String[] tokens = normalized.isBlank() ? new String[0] : normalized.split(" ");
        for (int i = 0; i < tokens.length; i++) {
            String token = tokens[i];
            if (DIRECTIONS.containsKey(token)) {
                pendingDirection = DIRECTIONS.get(token);
                continue;
            }
            boolean firstWh = !seenWh;
            seenWh |= WH.contains(token);
            String singular =
                    token.length() > 3 && token.endsWith("s") ? token.substring(0, token.length() - 1) : token;
            if (token.equals("t") && i > 0 && tokens[i - 1].endsWith("n")) {
                negated = true; // "don't" normalises to "don t": the lone "t" after an auxiliary
            } else if (NEGATIONS.contains(token)) {
                negated = true;
            } else if (token.chars().anyMatch(Character::isDigit)) {
                numbers.add(token.replaceFirst("^0+(?=\\d)", "").replaceAll("(st|nd|rd|th)$", ""));
            } else if (NUMBER_WORDS.containsKey(token)) {
                numbers.add(NUMBER_WORDS.get(token));
            } else if (DATE_WORDS.contains(token) || DATE_WORDS.contains(singular)) {
                numbers.add(DATE_WORDS.contains(token) ? token : singular);
            } else if (QUESTION_WORDS.containsKey(token)) {
                // Only where a question word asks: the first wh-word ("tell me who …", "by when …") or the
                // last word ("… by whom"); after another wh-word "when" and "where" are conjunctions
                // ("what happens when I miss a payment").
                if (firstWh || i == tokens.length - 1) {
                    asks.add(QUESTION_WORDS.get(token));
                }
            } else if (firstWh
                    && (token.equals("what") || token.equals("which"))
                    && i + 1 < tokens.length
                    && TIME_HEADS.contains(tokens[i + 1])) {
                asks.add("when"); // "what year / what time / which day …" asks when
                i++;
            } else if (!SCAFFOLD.contains(token) && !(token.length() == 1 && Character.isLetter(token.charAt(0)))) {
                String canonical = SYNONYMS.get(token);
                if (canonical == null) {
                    String stem = stem(stemmer, token);
                    canonical = SYNONYMS.getOrDefault(stem, stem);
                }
                if (!SCAFFOLD.contains(canonical)) {
                    terms.add(canonical);
                    if (pendingDirection != null) {
                        directions.putIfAbsent(canonical, pendingDirection);
                        pendingDirection = null;
                    }
                }
            }
        }
        return new Parsed(numbers, negated, asks, terms, directions);
    }

    /**
     * Whether a normalised token is a subject word as {@link #compare} counts them: not scaffolding, a
     * number or date, a question word, a negation, a direction or a single letter.
     */
    public static boolean isSubjectWord(String token) {
        return !token.isEmpty()
                && !SCAFFOLD.contains(token)
                && !NEGATIONS.contains(token)
                && !WH.contains(token)
                && !DIRECTIONS.containsKey(token)
                && !NUMBER_WORDS.containsKey(token)
                && !DATE_WORDS.contains(token)
                && token.chars().noneMatch(Character::isDigit)
                && !(token.length() == 1 && Character.isLetter(token.charAt(0)));
    }

    private static String stem(EnglishStemmer stemmer, String token) {
        stemmer.setCurrent(token);
        stemmer.stem();
        return stemmer.getCurrent();
    }

    private static Map<String, String> numberWords() {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < UNITS.length; i++) {
            map.put(UNITS[i], Integer.toString(i));
        }
        for (int i = 1; i < ORDINALS.length; i++) {
            map.put(ORDINALS[i], Integer.toString(i));
        }
        return Map.copyOf(map);
    }

    private static Set<String> words(String spaceSeparated) {
        return Arrays.stream(spaceSeparated.trim().split("\\s+")).collect(Collectors.toUnmodifiableSet());
    }

    private static Map<String, String> synonyms(List<String> groups) {
        EnglishStemmer stemmer = new EnglishStemmer();
        Map<String, String> map = new HashMap<>();
        for (String group : groups) {
            String[] members = group.split(" ");
            for (String member : members) {
                map.put(member, members[0]);
                map.put(stem(stemmer, member), members[0]);
            }
        }
        return Map.copyOf(map);
    }
}
