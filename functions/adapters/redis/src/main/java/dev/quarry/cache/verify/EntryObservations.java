package dev.quarry.cache.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What online verification learned about one cached entry: the verifier's probability and the outcome
 * (fresh answer agreed with the cached one, or not) of its last {@value #KEEP} checks, kept in the entry
 * ({@code o} field, {@code "0.962:1,0.931:0"}).
 *
 * <p>They move the entry's decision by an offset on the verifier's log-odds, {@code b}, its maximum a
 * posteriori estimate under a standard normal prior: {@code P(right) = σ(logit(p) + b)}. A wrong outcome
 * makes {@code b} negative at once (the entry serves only closer paraphrases); a positive {@code b} counts
 * only at its lower 95% bound, so an entry loosens its threshold only on consistent evidence. This is
 * vCache's per-entry threshold (Schroeder et al., ICLR 2026) on top of a calibrated verifier instead of raw
 * similarity.
 */
public record EntryObservations(List<double[]> checks) {

    public static final int KEEP = 20;
    public static final EntryObservations NONE = new EntryObservations(List.of());
    private static final double Z = 1.645;

    public EntryObservations {
        checks = List.copyOf(checks);
    }

    /** Parses the stored field; anything unreadable counts as no observation. */
    public static EntryObservations parse(String field) {
        if (field == null || field.isBlank()) {
            return NONE;
        }
        List<double[]> checks = new ArrayList<>();
        for (String item : field.split(",")) {
            int colon = item.indexOf(':');
            if (colon < 0) {
                continue;
            }
            try {
                double p = Double.parseDouble(item.substring(0, colon));
                double right = Double.parseDouble(item.substring(colon + 1));
                if (p > 0 && p < 1 && (right == 0 || right == 1)) {
                    checks.add(new double[] {p, right});
                }
            } catch (NumberFormatException e) {
                // skip it
            }
        }
        return new EntryObservations(checks.subList(Math.max(0, checks.size() - KEEP), checks.size()));
    }

    /** These plus one check, the oldest dropped past {@value #KEEP}. */
    public EntryObservations plus(double probability, boolean right) {
        List<double[]> next = new ArrayList<>(checks);
        next.add(new double[] {Math.min(0.9999, Math.max(0.0001, probability)), right ? 1 : 0});
        return new EntryObservations(next.subList(Math.max(0, next.size() - KEEP), next.size()));
    }

    public String format() {
        StringBuilder out = new StringBuilder();
        for (double[] c : checks) {
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(String.format(Locale.ROOT, "%.4f:%d", c[0], (int) c[1]));
        }
        return out.toString();
    }

    /** The log-odds offset this entry's decisions use (0 without checks). */
    public double offset() {
        if (checks.isEmpty()) {
            return 0;
        }
        double b = 0;
        double information = 1;
        for (int iteration = 0; iteration < 25; iteration++) {
            double gradient = -b;
            information = 1;
            for (double[] c : checks) {
                double mu = sigmoid(logit(c[0]) + b);
                gradient += c[1] - mu;
                information += mu * (1 - mu);
            }
            double step = gradient / information;
            b += step;
            if (Math.abs(step) < 1e-6) {
                break;
            }
        }
        return b <= 0 ? b : Math.max(0, b - Z / Math.sqrt(information));
    }

    /** The probability {@code p} of the global verifier, moved by this entry's offset. */
    public double adjust(double p) {
        return checks.isEmpty() ? p : sigmoid(logit(p) + offset());
    }

    static double logit(double p) {
        double q = Math.min(1 - 1e-6, Math.max(1e-6, p));
        return Math.log(q / (1 - q));
    }

    static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }
}
