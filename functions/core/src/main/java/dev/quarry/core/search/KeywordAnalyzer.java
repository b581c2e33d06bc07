package dev.quarry.core.search;

import dev.quarry.core.model.Chunk;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The text analysis of the keyword (BM25) leg, done by Quarry itself so that every index scores the same terms:
 * the Lucene index indexes and queries these terms, and Weaviate gets them pre-analysed in a property of its own
 * with {@code whitespace} tokenization (the raw text stays for display). Both sides of a search must use the same
 * analyzer; an index records the one that built it ({@link IndexSignature}).
 *
 * <p>Terms never contain whitespace (Lucene's standard tokenizer splits on it), so joining them with spaces and
 * splitting on whitespace gives them back unchanged.
 */
public enum KeywordAnalyzer {
    /**
     * Lucene's {@link EnglishAnalyzer}: Unicode word boundaries, English possessives removed ({@code "kettle's"}
     * → {@code "kettle"}), lower case, English stop words removed, Porter stemming ({@code "descaling"} → {@code
     * "descal"}).
     */
    ENGLISH(new EnglishAnalyzer(), null),
    /**
     * {@link #ENGLISH}, and each identifier also indexed by its parts: a word joined by underscores or dots ({@code
     * svprfb_gather_u32offset}, {@code java.util.List}) keeps its whole form and adds its parts ({@code svprfb},
     * {@code gather}, {@code u32offset}), so a question naming one part finds it, as Weaviate's own {@code word}
     * tokenization would (it splits on every character that is not a letter or digit). Questions are analysed as
     * {@link #ENGLISH} does: a question naming the whole identifier matches its whole form. For technical
     * documentation; on prose it changes little ({@link IdentifierPartsFilter}).
     */
    ENGLISH_PARTS(new EnglishWithParts(), new EnglishAnalyzer()),
    /**
     * Lucene's {@link StandardAnalyzer} with the English stop words: Unicode word boundaries, lower case, no
     * stemming; for collections that are not English.
     */
    STANDARD(new StandardAnalyzer(EnglishAnalyzer.ENGLISH_STOP_WORDS_SET), null);

    /** The field name the analyzers are run under (they treat every field alike). */
    private static final String FIELD = "keywords";

    private final Analyzer indexed;
    private final Analyzer queried;

    /** {@code queried} null: questions are analysed as indexed text is. */
    KeywordAnalyzer(Analyzer indexed, Analyzer queried) {
        this.indexed = indexed;
        this.queried = queried == null ? indexed : queried;
    }

    /** The name as configured and recorded ({@code english}, {@code english-parts}, {@code standard}). */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The analyzer of a recorded name. */
    public static KeywordAnalyzer ofId(String id) {
        for (KeywordAnalyzer analyzer : values()) {
            if (analyzer.id().equals(id)) {
                return analyzer;
            }
        }
        throw new IllegalArgumentException(
                "unknown keyword analyzer '" + id + "'; known: english, english-parts, standard");
    }

    /** The terms indexed for {@code text} in order, repeats kept. */
    public List<String> terms(String text) {
        return terms(indexed, text);
    }

    /**
     * The terms searched for a question, in order, repeats kept (a repeated query word weighs more, as in Lucene).
     */
    public List<String> queryTerms(String question) {
        return terms(queried, question);
    }

    /** The query terms of {@code question} joined by single spaces: what a whitespace-tokenized index is asked. */
    public String analyseQuery(String question) {
        return String.join(" ", queryTerms(question));
    }

    private static List<String> terms(Analyzer analyzer, String text) {
        Objects.requireNonNull(text, "text must not be null");
        List<String> terms = new ArrayList<>();
        try (TokenStream stream = analyzer.tokenStream(FIELD, text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                terms.add(term.toString());
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException("could not analyse text (in memory; cannot happen)", e);
        }
        return terms;
    }

    /** The terms of {@code text} joined by single spaces: what an index with whitespace tokenization stores. */
    public String analyse(String text) {
        return String.join(" ", terms(text));
    }

    /**
     * The text the keyword leg indexes for {@code chunk}: its document context (the heading path, outermost
     * first, whose first entry is the document's title where the extractor found one) and then its text, so a
     * chunk deep in a document still matches the words of its title and section.
     */
    public static String keywordText(Chunk chunk) {
        Objects.requireNonNull(chunk, "chunk must not be null");
        if (chunk.headingPath().isEmpty()) {
            return chunk.text();
        }
        return String.join("\n", chunk.headingPath()) + "\n" + chunk.text();
    }

    /** The analysed keyword text of {@code chunk} ({@link #keywordText(Chunk)} through this analyzer). */
    public String analyse(Chunk chunk) {
        return analyse(keywordText(chunk));
    }

    /**
     * {@link EnglishAnalyzer}'s chain with {@link IdentifierPartsFilter} after possessives are removed: the standard
     * tokenizer keeps {@code a_b} and {@code a.b} whole, the filter adds their parts after the whole, then lower
     * case, English stop words and Porter stemming as in {@link EnglishAnalyzer}.
     */
    private static final class EnglishWithParts extends Analyzer {
        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            Tokenizer source = new StandardTokenizer();
            TokenStream result = new EnglishPossessiveFilter(source);
            result = new IdentifierPartsFilter(result);
            result = new LowerCaseFilter(result);
            result = new StopFilter(result, EnglishAnalyzer.ENGLISH_STOP_WORDS_SET);
            result = new PorterStemFilter(result);
            return new TokenStreamComponents(source, result);
        }

        @Override
        protected TokenStream normalize(String fieldName, TokenStream in) {
            return new LowerCaseFilter(in);
        }
    }
}
