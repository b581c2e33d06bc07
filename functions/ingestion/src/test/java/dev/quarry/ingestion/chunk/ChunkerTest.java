package dev.quarry.ingestion.chunk;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.quarry.core.model.Chunk;
import dev.quarry.core.model.ContentType;
import dev.quarry.core.model.DocumentRef;
import dev.quarry.core.model.ExtractedDocument;
import dev.quarry.core.model.ExtractedPage;
import dev.quarry.core.model.ExtractedPage.Heading;
import dev.quarry.core.model.PageSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class ChunkerTest {

    private static final DocumentRef REF = new DocumentRef("acme", "guides/setup.pdf", "v1");

    /** all-MiniLM-L6-v2's own tokenizer, as the embedder counts: no special tokens, no truncation. */
    private static final HuggingFaceTokenizer TOKENIZER = loadTokenizer();

    private static final ToIntFunction<String> MODEL_TOKENS =
            text -> text.isEmpty() ? 0 : TOKENIZER.encode(text).getIds().length;

    /** A cheap stand-in: every punctuation mark is a token, a word is one token per 5 characters. */
    private static final Pattern WORD_OR_MARK = Pattern.compile("\\w+|[^\\w\\s]");

    private static final ToIntFunction<String> FAKE_TOKENS = text -> {
        int tokens = 0;
        Matcher m = WORD_OR_MARK.matcher(text);
        while (m.find()) {
            tokens += (m.group().length() + 4) / 5;
        }
        return tokens;
    };

    @AfterAll
    static void close() {
        TOKENIZER.close();
    }

    @Test
    void should_keep_every_chunk_within_model_window_when_text_is_long() {
        // given prose, one giant paragraph without punctuation, a 20,000-character "word" that the tokenizer
        // cuts into thousands of word pieces, a 3,000-letter word, and long headings
        String prose = IntStream.range(0, 120)
                .mapToObj(i -> "Sentence " + i + " explains how the pump, valve and filter work together.")
                .collect(Collectors.joining(" "));
        String giant = IntStream.range(0, 3000).mapToObj(i -> "word" + i).collect(Collectors.joining(" "));
        String glued = IntStream.range(0, 2000).mapToObj(i -> "x" + i).collect(Collectors.joining("-"));
        String letters = "a".repeat(3000);
        String longHeading = "Maintenance of the primary cooling circuit and its redundant backup pumps";
        ExtractedDocument document = document(
                page(1, "# Manual\n\n" + prose + "\n\n" + giant, new Heading(1, "Manual")),
                page(2, longHeading + "\n\n" + glued + "\n\n" + letters + " " + prose, new Heading(2, longHeading)));
        Chunker chunker = new Chunker(new ChunkingOptions(200, 30), MODEL_TOKENS, 254);

        // when
        List<Chunk> chunks = chunker.chunk(document, REF);

        // then
        assertThat(chunks).hasSizeGreaterThan(60);
        assertThat(chunks).allSatisfy(chunk -> {
            assertThat(MODEL_TOKENS.applyAsInt(chunk.text())).isBetween(1, 200);
            assertThat(MODEL_TOKENS.applyAsInt(chunker.embeddingText(chunk))).isLessThanOrEqualTo(254);
        });
        String all = chunks.stream().map(Chunk::text).collect(Collectors.joining(" "));
        assertThat(all).contains("word0 ", "word1500 ", " word2999", "x0-", "-x1999", letters, "Sentence 119");
        assertThat(chunks.get(chunks.size() - 1).headingPath()).containsExactly("Manual", longHeading);
    }

    @Test
    void should_cut_a_giant_paragraph_without_punctuation_at_words() {
        // given
        String giant = IntStream.range(0, 1000).mapToObj(i -> "w" + i).collect(Collectors.joining(" "));
        Chunker chunker = new Chunker(new ChunkingOptions(50, 0), FAKE_TOKENS, 100);

        // when
        List<Chunk> chunks = chunker.chunk(document(page(1, giant)), REF);

        // then every word is whole in exactly one chunk (no overlap)
        assertThat(chunks)
                .allSatisfy(c -> assertThat(FAKE_TOKENS.applyAsInt(c.text())).isBetween(25, 50));
        String joined = chunks.stream().map(Chunk::text).collect(Collectors.joining(" "));
        assertThat(joined).isEqualTo(giant);
    }

    @Test
    void should_cut_a_very_long_word_into_pieces_within_the_limit() {
        // given one 1,000-character word: 200 fake tokens
        String word = "abcdefghij".repeat(100);
        Chunker chunker = new Chunker(new ChunkingOptions(30, 5), FAKE_TOKENS, 30);

        // when
        List<Chunk> chunks = chunker.chunk(document(page(1, word)), REF);

        // then
        assertThat(chunks)
                .allSatisfy(c -> assertThat(FAKE_TOKENS.applyAsInt(c.text())).isLessThanOrEqualTo(30));
        assertThat(chunks.stream().map(Chunk::text).collect(Collectors.joining()))
                .isEqualTo(word);
    }

    @Test
    void should_repeat_the_end_of_a_chunk_at_the_start_of_the_next() {
        // given 40 sentences of 11 fake tokens each
        String text = IntStream.range(0, 40)
                .mapToObj(i -> "Fact " + i + " says that the sky has colour number " + i + ".")
                .collect(Collectors.joining(" "));
        Chunker chunker = new Chunker(new ChunkingOptions(60, 15), FAKE_TOKENS, 100);

        // when
        List<Chunk> chunks = chunker.chunk(document(page(1, text)), REF);

        // then each chunk after the first starts with whole sentences the previous one ends with
        assertThat(chunks).hasSizeGreaterThan(5);
        for (int i = 1; i < chunks.size(); i++) {
            String overlap =
                    sharedBoundary(chunks.get(i - 1).text(), chunks.get(i).text());
            assertThat(overlap).as("overlap of chunk %d", i).startsWith("Fact ").endsWith(".");
            assertThat(FAKE_TOKENS.applyAsInt(overlap)).isLessThanOrEqualTo(15);
        }
    }

    @Test
    void should_not_repeat_text_when_overlap_is_zero() {
        // given
        String text = IntStream.range(0, 40)
                .mapToObj(i -> "Fact " + i + " says that the sky has colour number " + i + ".")
                .collect(Collectors.joining(" "));
        Chunker chunker = new Chunker(new ChunkingOptions(60, 0), FAKE_TOKENS, 100);

        // when
        List<Chunk> chunks = chunker.chunk(document(page(1, text)), REF);

        // then
        assertThat(chunks.stream().map(Chunk::text).collect(Collectors.joining(" ")))
                .isEqualTo(text);
    }

    @Test
    void should_keep_whole_paragraphs_together_when_they_fit() {
        // given paragraphs of 15, 16 and 45 fake tokens (the third: 5 sentences of 9)
        String p1 = "The first paragraph is short and talks about apples and pears only.";
        String p2 = "The second paragraph is short too and talks about plums and cherries.";
        String p3 = "The third paragraph is much longer. ".repeat(5).strip();
        Chunker chunker = new Chunker(new ChunkingOptions(50, 0), FAKE_TOKENS, 100);

        // when
        List<Chunk> chunks = chunker.chunk(document(page(1, p1 + "\n\n" + p2 + "\n\n" + p3)), REF);

        // then 15 + 16 = 31 is half full: the chunk closes at the paragraph instead of taking sentences of p3
        assertThat(chunks).extracting(Chunk::text).containsExactly(p1 + "\n\n" + p2, p3);
    }

    @Test
    void should_fill_a_chunk_with_sentences_of_the_next_paragraph_when_it_is_less_than_half_full() {
        // given paragraphs of 15 and 54 fake tokens (6 sentences of 9)
        String p1 = "The first paragraph is short and talks about apples and pears only.";
        String sentence = "The third paragraph is much longer.";
        String p2 = (sentence + " ").repeat(6).strip();
        Chunker chunker = new Chunker(new ChunkingOptions(50, 0), FAKE_TOKENS, 100);

        // when
        List<Chunk> chunks = chunker.chunk(document(page(1, p1 + "\n\n" + p2)), REF);

        // then 15 + 3 * 9 = 42 <= 50, the other 3 sentences follow
        assertThat(chunks)
                .extracting(Chunk::text)
                .containsExactly(
                        p1 + "\n\n" + (sentence + " ").repeat(3).strip(),
                        (sentence + " ").repeat(3).strip());
    }

    @Test
    void should_track_pages_of_chunks_spanning_a_page_boundary() {
        // given page 2 is blank; a sentence continues from page 1 on page 3; page 4 closes the paragraph
        String longPage = IntStream.range(0, 30)
                .mapToObj(i -> "Line " + i + " of the third page.")
                .collect(Collectors.joining(" "));
        ExtractedDocument document = document(
                page(1, "The valve opens when the"),
                page(2, "   "),
                page(3, "pressure rises above two bar. " + longPage),
                page(4, "Closing words."));
        Chunker chunker = new Chunker(new ChunkingOptions(40, 0), FAKE_TOKENS, 100);

        // when
        List<Chunk> chunks = chunker.chunk(document, REF);

        // then
        Chunk first = chunks.get(0);
        assertThat(first.text()).startsWith("The valve opens when the\npressure rises");
        assertThat(first.firstPage()).isEqualTo(1);
        assertThat(first.lastPage()).isEqualTo(3);
        Chunk last = chunks.get(chunks.size() - 1);
        assertThat(last.text()).endsWith("Closing words.");
        assertThat(last.lastPage()).isEqualTo(4);
        assertThat(chunks.subList(1, chunks.size() - 1)).hasSizeGreaterThan(1).allSatisfy(c -> {
            assertThat(c.text()).startsWith("Line ");
            assertThat(c.firstPage()).isEqualTo(3);
            assertThat(c.lastPage()).isEqualTo(3);
        });
    }

    @Test
    void should_build_heading_paths_across_pages() {
        // given markdown-like headings, a section continuing on page 2 and a new top-level heading
        ExtractedDocument document = document(
                page(
                        1,
                        "Preface without heading.\n\n# Guide\n\nIntro text.\n\n## Install\n\nRun the installer.",
                        new Heading(1, "Guide"),
                        new Heading(2, "Install")),
                page(
                        2,
                        "More install steps.\n\n## Configure\n\nSet the options.\n\n# Appendix\n\nExtra notes.",
                        new Heading(2, "Configure"),
                        new Heading(1, "Appendix")));
        Chunker chunker = new Chunker(new ChunkingOptions(128, 19), FAKE_TOKENS, 254);

        // when
        List<Chunk> chunks = chunker.chunk(document, REF);

        // then
        assertThat(chunks)
                .extracting(Chunk::text, Chunk::headingPath, Chunk::firstPage, Chunk::lastPage)
                .containsExactly(
                        tuple("Preface without heading.", List.of(), 1, 1),
                        tuple("Intro text.", List.of("Guide"), 1, 1),
                        tuple("Run the installer.\nMore install steps.", List.of("Guide", "Install"), 1, 2),
                        tuple("Set the options.", List.of("Guide", "Configure"), 2, 2),
                        tuple("Extra notes.", List.of("Appendix"), 2, 2));
        assertThat(chunker.embeddingText(chunks.get(2)))
                .isEqualTo("Guide > Install\n\nRun the installer.\nMore install steps.");
        assertThat(chunker.embeddingText(chunks.get(0))).isEqualTo("Preface without heading.");
    }

    @Test
    void should_start_a_section_at_a_heading_inside_a_line() {
        // given a heading the extractor found inside a longer line
        ExtractedDocument document =
                document(page(1, "Intro. Chapter 2 Results are good.", new Heading(1, "Chapter 2")));
        Chunker chunker = new Chunker(new ChunkingOptions(128, 19), FAKE_TOKENS, 254);

        // when
        List<Chunk> chunks = chunker.chunk(document, REF);

        // then
        assertThat(chunks)
                .extracting(Chunk::text, Chunk::headingPath)
                .containsExactly(
                        tuple("Intro.", List.of()), tuple("Chapter 2 Results are good.", List.of("Chapter 2")));
    }

    @Test
    void should_prefer_the_heading_line_over_an_earlier_mention_of_its_text() {
        // given "Results" is mentioned in the intro before its heading line
        ExtractedDocument document =
                document(page(1, "See Results below.\n\nResults\n\nAll good.", new Heading(1, "Results")));
        Chunker chunker = new Chunker(new ChunkingOptions(128, 19), FAKE_TOKENS, 254);

        // when
        List<Chunk> chunks = chunker.chunk(document, REF);

        // then
        assertThat(chunks)
                .extracting(Chunk::text, Chunk::headingPath)
                .containsExactly(tuple("See Results below.", List.of()), tuple("All good.", List.of("Results")));
    }

    @Test
    void should_leave_out_outer_headings_when_the_path_does_not_fit_the_window() {
        // given a heading path of 40 fake tokens, a 50-token chunk limit and a 60-token window
        String outer = "outer ".repeat(20).strip();
        String inner = "inner ".repeat(20).strip();
        String body = IntStream.range(0, 200).mapToObj(i -> "b" + i).collect(Collectors.joining(" "));
        ExtractedDocument document =
                document(page(1, outer + "\n\n" + inner + "\n\n" + body, new Heading(1, outer), new Heading(2, inner)));
        Chunker chunker = new Chunker(new ChunkingOptions(50, 5), FAKE_TOKENS, 60);

        // when
        List<Chunk> chunks = chunker.chunk(document, REF);

        // then chunks shrink to leave room for the path (60 - 40 = 20 < 50 / 2 = 25: 25 is the floor)
        assertThat(chunks).allSatisfy(c -> {
            assertThat(FAKE_TOKENS.applyAsInt(c.text())).isLessThanOrEqualTo(25);
            assertThat(c.headingPath()).containsExactly(outer, inner);
            assertThat(chunker.embeddingText(c)).isEqualTo(inner + "\n\n" + c.text());
        });
    }

    @Test
    void should_give_the_same_ids_for_the_same_input_and_new_ids_for_a_new_version() {
        // given
        String text =
                IntStream.range(0, 50).mapToObj(i -> "Statement " + i + ".").collect(Collectors.joining(" "));
        ExtractedDocument document = document(page(1, text));
        Chunker chunker = new Chunker(new ChunkingOptions(20, 4), FAKE_TOKENS, 100);

        // when
        List<Chunk> first = chunker.chunk(document, REF);
        List<Chunk> again = chunker.chunk(document, REF);
        List<Chunk> newVersion = chunker.chunk(document, new DocumentRef("acme", "guides/setup.pdf", "v2"));

        // then
        assertThat(first)
                .extracting(Chunk::position)
                .containsExactlyElementsOf(
                        IntStream.range(0, first.size()).boxed().toList());
        assertThat(first)
                .extracting(Chunk::id)
                .containsExactlyElementsOf(again.stream().map(Chunk::id).toList());
        assertThat(first)
                .extracting(Chunk::id)
                .doesNotContainAnyElementsOf(newVersion.stream().map(Chunk::id).toList());
        assertThat(first).extracting(Chunk::id).doesNotHaveDuplicates();
        assertThat(first.get(0).id()).isEqualTo(Chunk.idFor(REF, 0));
        assertThat(first.get(0).contentType()).isEqualTo(ContentType.PDF);
    }

    @Test
    void should_number_positions_from_the_given_first_position() {
        // given
        ExtractedDocument document = document(page(7, "Only one chunk here."));
        Chunker chunker = new Chunker(new ChunkingOptions(128, 19), FAKE_TOKENS, 254);

        // when
        List<Chunk> chunks = chunker.chunk(document, REF, 1000);

        // then
        assertThat(chunks).singleElement().satisfies(c -> {
            assertThat(c.position()).isEqualTo(1000);
            assertThat(c.id()).isEqualTo(Chunk.idFor(REF, 1000));
            assertThat(c.firstPage()).isEqualTo(7);
        });
    }

    @Test
    void should_produce_no_chunks_for_a_document_without_text() {
        // given
        Chunker chunker = new Chunker(new ChunkingOptions(128, 19), FAKE_TOKENS, 254);

        // then
        assertThat(chunker.chunk(document(), REF)).isEmpty();
        assertThat(chunker.chunk(document(page(1, ""), page(2, " \n\t ")), REF)).isEmpty();
        assertThat(chunker.chunk(document(page(1, "# Title", new Heading(1, "Title"))), REF))
                .isEmpty();
    }

    @Test
    void should_reject_chunks_larger_than_the_model_reads() {
        assertThatThrownBy(() -> new Chunker(new ChunkingOptions(200, 30), FAKE_TOKENS, 126))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("200")
                .hasMessageContaining("126");
        assertThatThrownBy(() -> new ChunkingOptions(100, 50))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("below half");
    }

    /** The longest prefix of {@code next} that {@code previous} ends with, cut at word starts. */
    private static String sharedBoundary(String previous, String next) {
        String best = "";
        for (int end = 1; end <= next.length(); end++) {
            if (end == next.length() || Character.isWhitespace(next.charAt(end))) {
                String prefix = next.substring(0, end);
                if (previous.endsWith(prefix)) {
                    best = prefix;
                }
            }
        }
        return best;
    }

    private static ExtractedPage page(int number, String text, Heading... headings) {
        return new ExtractedPage(number, text, PageSource.TEXT_LAYER, List.of(headings));
    }

    private static ExtractedDocument document(ExtractedPage... pages) {
        int total = pages.length == 0 ? 0 : pages[pages.length - 1].number();
        return new ExtractedDocument(ContentType.PDF, List.of(pages), total);
    }

    private static HuggingFaceTokenizer loadTokenizer() {
        try (InputStream in = ChunkerTest.class.getResourceAsStream("/all-minilm-l6-v2-tokenizer.json")) {
            return HuggingFaceTokenizer.newInstance(
                    in, Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
