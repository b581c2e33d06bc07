package dev.quarry.llm;

import dev.quarry.core.model.Chunk;
import dev.quarry.core.model.SearchHit;

import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The prompt of a cited answer (numbered passages, cite as [n], say when the context does not hold the
 * answer) and the reading of the numbers an answer cites.
 */
public final class AnswerPrompt {

    /** The instructions, sent as the system message. */
    public static final String SYSTEM = """
            You answer questions using only the numbered context passages you are given.
            Cite every passage you use by its number in square brackets, like [1] or [2][3], right after the \
            statement it supports. Do not cite passages you did not use.
            If the passages do not contain the answer, say that the context does not contain the answer, and \
            do not make one up.
            Answer in the language of the question, concisely.""";

    /** {@code [1]}, {@code [1, 3]}, {@code [2,4]}. */
    private static final Pattern CITATION = Pattern.compile("\\[(\\d{1,3}(?:\\s*,\\s*\\d{1,3})*)]");

    private AnswerPrompt() {}

    /** The user message: the passages numbered 1..n in order, each cut to {@code maxPassageChars}, then the question. */
    public static String user(String question, List<SearchHit> passages, int maxPassageChars) {
        StringBuilder prompt = new StringBuilder("Context passages:\n\n");
        for (int i = 0; i < passages.size(); i++) {
            Chunk chunk = passages.get(i).chunk();
            String text = chunk.text().strip();
            if (text.length() > maxPassageChars) {
                text = text.substring(0, maxPassageChars) + " …";
            }
            prompt.append('[')
                    .append(i + 1)
                    .append("] (")
                    .append(chunk.document().key())
                    .append(
                            chunk.firstPage() == chunk.lastPage()
                                    ? ", page " + chunk.firstPage()
                                    : ", pages " + chunk.firstPage() + "-" + chunk.lastPage())
                    .append(")\n")
                    .append(text)
                    .append("\n\n");
        }
        return prompt.append("Question: ").append(question.strip()).toString();
    }

    /** The passage numbers, within 1..{@code passages}, that {@code answer} cites, ascending. */
    public static List<Integer> citedNumbers(String answer, int passages) {
        SortedSet<Integer> cited = new TreeSet<>();
        if (answer != null) {
            Matcher m = CITATION.matcher(answer);
            while (m.find()) {
                for (String number : m.group(1).split(",")) {
                    int n = Integer.parseInt(number.strip());
                    if (n >= 1 && n <= passages) {
                        cited.add(n);
                    }
                }
            }
        }
        return List.copyOf(cited);
    }
}
