package dev.quarry.cache;

import dev.quarry.cache.QuestionGuard.Verdict;
import dev.quarry.core.query.CacheKey;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class QuestionGuardTest {

    private static Verdict verdict(String a, String b) {
        return QuestionGuard.verdict(CacheKey.normalize(a), CacheKey.normalize(b));
    }

    @ParameterizedTest(name = "\"{0}\" = \"{1}\"")
    @CsvSource(
            delimiter = '|',
            value = {
                "What is the capital of France?|Which city is France's capital?",
                "How do I reset my password?|How can I reset my password?",
                "How do I reset my password?|What are the steps to reset passwords?",
                "What does the refund policy say?|Explain the refund policy",
                "How much does the premium plan cost?|What is the price of the premium plan?",
                "When was the company founded?|When was the company founded",
                "Can I buy licences in bulk?|Is it possible to purchase licences in bulk?",
                "How many days of vacation after 3 years?|How many vacation days after three years?",
                "Is the office open on Saturday?|Is the office open Saturdays?",
                "What happens if I miss a payment?|What happens when I miss a payment?",
                "Who is the CEO of Acme?|Tell me who the CEO of Acme is",
                "When was the Eiffel Tower built?|In what year was the Eiffel Tower built?",
                "How much is a taxi to the airport?|How much is an airport taxi?",
                "How long is the train from Paris to Berlin?|How long is the Paris to Berlin train?",
            })
    void should_accept_paraphrases(String a, String b) {
        assertThat(verdict(a, b)).isEqualTo(Verdict.SAME);
        assertThat(verdict(b, a)).isEqualTo(Verdict.SAME);
    }

    @ParameterizedTest(name = "\"{0}\" ≠ \"{1}\" ({2})")
    @CsvSource(
            delimiter = '|',
            value = {
                "What is the capital of France?|What is the capital of Germany?|TERM",
                "How many days of leave after 3 years?|How many days of leave after 5 years?|NUMBER",
                "How many days of leave after three years?|How many days of leave after five years?|NUMBER",
                "What was revenue in March 2023?|What was revenue in March 2024?|NUMBER",
                "What was revenue in March 2023?|What was revenue in April 2023?|NUMBER",
                "Which plans include SSO?|Which plans do not include SSO?|NEGATION",
                "Which plans include SSO?|Which plans don't include SSO?|NEGATION",
                "Can I use the API without a key?|Can I use the API with a key?|NEGATION",
                "What is the maximum upload size?|What is the minimum upload size?|TERM",
                "What happens before the trial ends?|What happens after the trial ends?|TERM",
                "How do I reset my password?|How do I reset my username?|TERM",
                "Who is the CEO of Acme?|Who is the CTO of Acme?|TERM",
                "When was the Eiffel Tower built?|Why was the Eiffel Tower built?|QUESTION_TYPE",
                "When was the Eiffel Tower built?|Where was the Eiffel Tower built?|QUESTION_TYPE",
                "Who approves expenses over 500 dollars?|Who approves expenses under 500 dollars?|TERM",
                "How much is a taxi to the airport?|How much is a taxi from the airport?|DIRECTION",
                "How long is the train from Paris to Berlin?|How long is the train from Berlin to Paris?|DIRECTION",
                "How do I move files into the archive?|How do I move files out of the archive?|DIRECTION",
            })
    void should_reject_near_misses(String a, String b, Verdict expected) {
        assertThat(verdict(a, b)).isEqualTo(expected);
        assertThat(verdict(b, a)).isEqualTo(expected);
    }
}
