package dev.quarry.cache;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The false-hit guard: embedding similarity says two questions are about the same thing, not that they
 * ask the same. Two questions that pass the similarity threshold are still different questions when they
 * differ in
 *
 * <ul>
 *   <li>a number or date: digits, number words, ordinals, month and weekday names ("in 2023" / "in 2024");
 *   <li>negation: one says not / no / never / without / …n't and the other does not;
 *   <li>a subject term: every word outside a fixed scaffolding vocabulary (question words, function
 *       words, generic verbs such as "explain" or "tell") must occur in both, up to light stemming and a
 *       small synonym table. Names, rare terms and content nouns are subject terms: "capital of France" and
 *       "capital of Germany" differ in one.
 * </ul>
 *
 * It works on {@link dev.quarry.core.pipeline.CacheKey#normalize normalised} text, so it is symmetric,
 * deterministic and needs no model. It trades recall for precision: a paraphrase that swaps a content
 * word for an unlisted synonym misses the cache and is computed, which costs money but is never wrong.
 */
public final class QuestionGuard {

    /** Why two questions were judged different, or {@link #SAME}. */
    public enum Verdict {
        SAME,
        NUMBER,
        NEGATION,
        TERM
    }

    private static final Set<String> NUMBER_WORDS =
            words("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen"
                    + " sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety"
                    + " hundred thousand million billion trillion dozen half quarter twice double triple"
                    + " first second third fourth fifth sixth seventh eighth ninth tenth last next previous"
                    + " january february march april june july august september october november december"
                    + " jan feb mar apr jun jul aug sep sept oct nov dec"
                    + " monday tuesday wednesday thursday friday saturday sunday"
                    + " yesterday today tomorrow tonight weekend morning evening night noon midnight");

    private static final Set<String> NEGATIONS =
            words("not no never none nobody nothing nowhere neither nor without cannot cant dont doesnt isnt arent"
                    + " wasnt werent wont shouldnt couldnt wouldnt didnt hasnt havent hadnt mustnt lack lacks");

    /**
     * Question scaffolding and function words: they may differ between two phrasings of one question. Polar
     * words (before/after, more/less, largest/smallest, minimum/maximum) are deliberately not listed.
     */
    private static final Set<String> SCAFFOLD = words(
            "a an the of to in on at by for from with about as into onto over under than then so such"
                    + " and or but if whether because while when where what which who whom whose why how"
                    + " is are was were be been being am do does did done doing have has had having"
                    + " i me my mine we us our you your it its they them their he him his she her this that these"
                    + " those there here s t d ll re ve m"
                    + " can could would should will shall may might must"
                    + " please tell explain describe show give let know find get learn understand say"
                    + " kindly quick quickly briefly exactly actually really just also some any all"
                    + " way ways thing things one ones something anything does mean means meaning"
                    + " called name named whats hows wheres whos whens whys im ive id youre"
                    + " someone somebody anyone people person like need want wanted trying try able possible"
                    + " go going work works proper properly correct correctly right best good"
                    // Generic heads of a question ("which city", "what steps", "the difference"): they name
                    // the kind of answer wanted, not its subject.
                    + " city place location person country company organization term word steps step process"
                    + " procedure method methods reason reasons purpose difference example examples definition"
                    + " define overview summary details detail information info kind type sort options option much many");

    /** Synonyms treated as one subject term (small and generic on purpose). */
    private static final Map<String, String> SYNONYMS = synonyms(List.of(
            "price cost costs priced",
            "buy purchase",
            "begin start starting beginning",
            "end finish",
            "big large",
            "small little tiny",
            "car automobile",
            "fix repair",
            "change modify alter",
            "create make build",
            "remove delete",
            "use using utilize",
            "job occupation",
            "doctor physician",
            "country nation",
            "answer reply",
            "fast quick rapid",
            "help assist assistance",
            "setup configure configuration set",
            "stop halt",
            "install installation",
            "capital capitol"));

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
        if (!pa.terms.equals(pb.terms)) {
            return Verdict.TERM;
        }
        return Verdict.SAME;
    }

    private record Parsed(Set<String> numbers, boolean negated, Set<String> terms) {}

    private static Parsed parse(String normalized) {
        Set<String> numbers = new TreeSet<>();
        Set<String> terms = new TreeSet<>();
        boolean negated = false;
        String[] tokens = normalized.isBlank() ? new String[0] : normalized.split(" ");
        for (int i = 0; i < tokens.length; i++) {
            String token = tokens[i];
            // "don't" normalises to "don t": the lone "t" after an auxiliary is the negation.
            if (token.equals("t") && i > 0 && tokens[i - 1].endsWith("n")) {
                negated = true;
                continue;
            }
            if (NEGATIONS.contains(token)) {
                negated = true;
            } else if (token.chars().anyMatch(Character::isDigit)) {
                numbers.add(token.replaceFirst("^0+(?=\\d)", "").replaceAll("(st|nd|rd|th)$", ""));
            } else if (NUMBER_WORDS.contains(token)) {
                numbers.add(token);
            } else if (!SCAFFOLD.contains(token) && !(token.length() == 1 && Character.isLetter(token.charAt(0)))) {
                String stem = stem(token);
                if (!SCAFFOLD.contains(stem)) {
                    terms.add(SYNONYMS.getOrDefault(stem, SYNONYMS.getOrDefault(token, stem)));
                }
            }
        }
        return new Parsed(numbers, negated, terms);
    }

    /** Plural and verb endings only: enough that "password" / "passwords" and "reset" / "resetting" agree. */
    static String stem(String token) {
        if (token.length() <= 3) {
            return token;
        }
        if (token.endsWith("ies") && token.length() > 4) {
            return token.substring(0, token.length() - 3) + "y";
        }
        if (token.endsWith("ing") && token.length() > 5) {
            return undouble(token.substring(0, token.length() - 3));
        }
        if (token.endsWith("ed") && token.length() > 4) {
            return undouble(token.substring(0, token.length() - 2));
        }
        if (token.endsWith("es")
                && (token.endsWith("ses")
                        || token.endsWith("xes")
                        || token.endsWith("ches")
                        || token.endsWith("shes"))) {
            return token.substring(0, token.length() - 2);
        }
        if (token.endsWith("s") && !token.endsWith("ss") && !token.endsWith("us") && !token.endsWith("is")) {
            return token.substring(0, token.length() - 1);
        }
        return token;
    }

    private static String undouble(String stem) {
        int n = stem.length();
        if (n >= 2 && stem.charAt(n - 1) == stem.charAt(n - 2) && !stem.endsWith("ll") && !stem.endsWith("ss")) {
            return stem.substring(0, n - 1);
        }
        if (stem.endsWith("at") || stem.endsWith("iz") || stem.endsWith("ag")) {
            return stem + "e";
        }
        return stem;
    }

    private static Set<String> words(String spaceSeparated) {
        return Arrays.stream(spaceSeparated.trim().split("\\s+")).collect(Collectors.toUnmodifiableSet());
    }

    private static Map<String, String> synonyms(List<String> groups) {
        Map<String, String> map = new HashMap<>();
        for (String group : groups) {
            String[] members = group.split(" ");
            for (String member : members) {
                map.put(member, members[0]);
                map.put(stem(member), members[0]);
            }
        }
        return Map.copyOf(map);
    }
}
