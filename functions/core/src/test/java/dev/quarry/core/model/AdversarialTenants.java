package dev.quarry.core.model;

import dev.quarry.core.QuarryException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Pairs of tenant spellings an attacker would try against each other, generated from a seed: a canonical
 * tenant against its variants (surrounding, inner and Unicode whitespace, case, NFC against NFD, control
 * characters, lookalike letters, zero-width characters, path and wildcard characters, length) and against
 * other canonical tenants that share a prefix. The tenant-isolation property tests of every store use them:
 * whatever is written as the first of a pair must never be read, listed, counted or deleted as the second.
 */
public final class AdversarialTenants {

    /** Asserts that {@code call}, made with a spelling of {@code pair}, is refused as {@code INVALID_TENANT}. */
    public static void assertRefused(ThrowingCallable call, Pair pair) {
        assertThatThrownBy(call)
                .as(pair.toString())
                .isInstanceOfSatisfying(
                        QuarryException.Permanent.class,
                        e -> assertThat(e.reason()).isEqualTo(QuarryException.Reason.INVALID_TENANT));
    }

    /** One pair: {@code owner} writes, {@code other} tries to reach it. */
    public record Pair(String owner, String other) {
        @Override
        public String toString() {
            return "'" + Tenants.escaped(owner) + "' vs '" + Tenants.escaped(other) + "'";
        }
    }

    private static final List<UnaryOperator<String>> VARIANTS = List.of(
            t -> t + " ",
            t -> " " + t,
            t -> t + "\t",
            t -> t + "\u2003",
            t -> "\u00a0" + t,
            t -> t + "\n",
            t -> t + "\u0000",
            t -> t + "\u200b",
            t -> "\u200b" + t,
            t -> t.toUpperCase(Locale.ROOT),
            t -> Character.toUpperCase(t.charAt(0)) + t.substring(1),
            t -> t.replace('a', '\u0430').replace('e', '\u0435').replace('o', '\u043e'),
            t -> t.replace('a', '\uff41'),
            t -> t + "\u0301",
            t -> Normalizer.normalize(t + "e\u0301", Normalizer.Form.NFC),
            t -> t + "e\u0301",
            t -> t + "/",
            t -> t + "/x",
            t -> "../" + t,
            t -> t + "*",
            t -> t + "?",
            t -> t + ":b",
            t -> t + "\\",
            t -> t + "%20",
            t -> t + "+",
            t -> t + "\ud800",
            t -> t + "x".repeat(80),
            t -> t + "1",
            t -> t + "-",
            t -> t + "_",
            t -> t.substring(0, Math.max(1, t.length() - 1)),
            t -> "q-" + t);

    private AdversarialTenants() {}

    /** {@code count} pairs from {@code seed}; the same seed gives the same pairs. */
    public static List<Pair> pairs(long seed, int count) {
        Random random = new Random(seed);
        List<Pair> pairs = new ArrayList<>();
        while (pairs.size() < count) {
            String base = canonical(random);
            String variant = VARIANTS.get(random.nextInt(VARIANTS.size())).apply(base);
            if (variant.equals(base)) {
                continue;
            }
            if (random.nextBoolean()) {
                pairs.add(new Pair(base, variant));
            } else {
                pairs.add(new Pair(variant, base));
            }
        }
        return pairs;
    }

    /** A random canonical tenant of 1 to 12 characters (letters most of the time, so case variants differ). */
    static String canonical(Random random) {
        String first = "abcdefghijklmnopqrstuvwxyz0123456789";
        String rest = "abcdefghijklmnopqrstuvwxyz0123456789_-";
        StringBuilder tenant = new StringBuilder().append(first.charAt(random.nextInt(26)));
        for (int n = random.nextInt(12); n > 0; n--) {
            tenant.append(rest.charAt(random.nextInt(rest.length())));
        }
        return tenant.toString();
    }
}
