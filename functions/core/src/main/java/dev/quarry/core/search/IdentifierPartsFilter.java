package dev.quarry.core.search;

import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Pattern;

/**
 * Adds the parts of an identifier after it: a token the standard tokenizer kept whole across underscores or dots
 * ({@code svprfb_gather_u32offset}, {@code java.util.List}, {@code www.example.com}) is followed by each part of at
 * least two characters holding a letter ({@code svprfb}, {@code gather}, {@code u32offset}), at the same position.
 * Abbreviations and numbers give no parts ({@code U.S}, {@code e.g}, {@code 3.14}: no part has two characters and a
 * letter), and apostrophes and case changes are not split, so English prose keeps its terms.
 */
final class IdentifierPartsFilter extends TokenFilter {
    private static final Pattern SEPARATORS = Pattern.compile("[._]+");

    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
    private final PositionIncrementAttribute position = addAttribute(PositionIncrementAttribute.class);
    private final Deque<String> parts = new ArrayDeque<>();
    private State whole;

    IdentifierPartsFilter(TokenStream input) {
        super(input);
    }

    @Override
    public boolean incrementToken() throws IOException {
        if (!parts.isEmpty()) {
            restoreState(whole);
            term.setEmpty().append(parts.poll());
            position.setPositionIncrement(0);
            return true;
        }
        if (!input.incrementToken()) {
            return false;
        }
        String token = term.toString();
        if (token.indexOf('_') >= 0 || token.indexOf('.') >= 0) {
            for (String part : SEPARATORS.split(token)) {
                if (part.length() >= 2 && part.chars().anyMatch(Character::isLetter)) {
                    parts.add(part);
                }
            }
            if (!parts.isEmpty()) {
                whole = captureState();
            }
        }
        return true;
    }

    @Override
    public void reset() throws IOException {
        super.reset();
        parts.clear();
        whole = null;
    }
}
