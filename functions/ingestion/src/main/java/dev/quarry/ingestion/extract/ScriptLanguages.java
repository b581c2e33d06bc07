package dev.quarry.ingestion.extract;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which Tesseract language data reads a script that orientation and script detection (OSD) reported: the
 * script model {@code script/<Script>} where installed, else the installed languages written in that script.
 * Languages not listed here are taken as Latin-script.
 */
final class ScriptLanguages {

    private static final String LATIN = "Latin";

    /** Tesseract's language codes per OSD script name (tessdata_fast naming). */
    private static final Map<String, List<String>> LANGUAGES = Map.ofEntries(
            Map.entry("Arabic", List.of("ara", "fas", "urd", "pus", "uig")),
            Map.entry("Armenian", List.of("hye")),
            Map.entry("Bengali", List.of("ben", "asm")),
            Map.entry("Cyrillic", List.of("rus", "ukr", "bul", "srp", "bel", "mkd", "kaz", "kir", "mon", "tgk")),
            Map.entry("Devanagari", List.of("hin", "mar", "nep", "san")),
            Map.entry("Ethiopic", List.of("amh", "tir")),
            Map.entry("Georgian", List.of("kat")),
            Map.entry("Greek", List.of("ell", "grc")),
            Map.entry("Gujarati", List.of("guj")),
            Map.entry("Gurmukhi", List.of("pan")),
            Map.entry("Han", List.of("chi_sim", "chi_tra")),
            Map.entry("Hangul", List.of("kor")),
            Map.entry("Hebrew", List.of("heb", "yid")),
            Map.entry("Japanese", List.of("jpn")),
            Map.entry("Kannada", List.of("kan")),
            Map.entry("Khmer", List.of("khm")),
            Map.entry("Lao", List.of("lao")),
            Map.entry("Malayalam", List.of("mal")),
            Map.entry("Myanmar", List.of("mya")),
            Map.entry("Oriya", List.of("ori")),
            Map.entry("Sinhala", List.of("sin")),
            Map.entry("Tamil", List.of("tam")),
            Map.entry("Telugu", List.of("tel")),
            Map.entry("Thai", List.of("tha")),
            Map.entry("Tibetan", List.of("bod")));

    private static final Set<String> NON_LATIN =
            LANGUAGES.values().stream().flatMap(List::stream).collect(Collectors.toUnmodifiableSet());

    private ScriptLanguages() {}

    /**
     * The languages to read a page of {@code script} with: {@code configured} when one of them is written in
     * that script (or the script is unknown), else the installed data for the script, else {@code configured}.
     */
    static String choose(String script, List<String> configured, Set<String> installed) {
        if (script == null || script.isBlank() || configured.stream().anyMatch(lang -> writes(lang, script))) {
            return String.join("+", configured);
        }
        if (installed.contains("script/" + script)) {
            return "script/" + script;
        }
        List<String> candidates = LATIN.equals(script)
                ? installed.stream()
                        .filter(lang -> !lang.equals("osd") && !lang.startsWith("script/"))
                        .filter(lang -> !NON_LATIN.contains(lang))
                        .sorted((a, b) -> a.equals("eng") ? -1 : b.equals("eng") ? 1 : a.compareTo(b))
                        .limit(1)
                        .toList()
                : LANGUAGES.getOrDefault(script, List.of()).stream()
                        .filter(installed::contains)
                        .toList();
        return candidates.isEmpty() ? String.join("+", configured) : String.join("+", candidates);
    }

    /** Whether language data {@code lang} reads {@code script}. */
    static boolean writes(String lang, String script) {
        if (lang.equals("script/" + script)) {
            return true;
        }
        if (LATIN.equals(script)) {
            return !NON_LATIN.contains(lang) && !lang.startsWith("script/") && !lang.equals("osd");
        }
        return LANGUAGES.getOrDefault(script, List.of()).contains(lang);
    }
}
