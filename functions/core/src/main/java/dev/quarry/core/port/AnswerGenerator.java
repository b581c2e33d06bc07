package dev.quarry.core.port;

import dev.quarry.core.model.SearchHit;

import java.util.List;

/** Writes an answer from numbered passages (an LLM), citing them as [n]. */
public interface AnswerGenerator {

    /**
     * @param question the user's question
     * @param passages the context, numbered 1..n in this order
     * @return the answer text and the passage numbers it cites
     */
    Generated generate(String question, List<SearchHit> passages);

    record Generated(String text, List<Integer> citedNumbers) {}
}
