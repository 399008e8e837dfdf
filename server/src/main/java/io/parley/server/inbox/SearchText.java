package io.parley.server.inbox;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Folds text for language-agnostic search: lower case, accents removed ("Müller" → "muller",
 * "São" → "sao", "Søren" → "soren", "Straße" → "strasse"), so stored text and what an agent types
 * meet in the middle.
 */
public final class SearchText {
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

    private SearchText() {
    }

    public static String fold(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String decomposed = Normalizer.normalize(text, Normalizer.Form.NFKD);
        String folded = MARKS.matcher(decomposed).replaceAll("").toLowerCase(Locale.ROOT);
        // Letters that are not a base letter plus a mark, so decomposing leaves them as they are.
        return folded.replace("ø", "o").replace("æ", "ae").replace("œ", "oe").replace("ß", "ss")
                .replace("ł", "l").replace("đ", "d").replace("ð", "d").replace("þ", "th").replace("ı", "i");
    }

    /** A tsquery for the 'simple' configuration: every word of the input, each as a prefix. */
    public static String prefixQuery(String input) {
        String folded = fold(input);
        if (folded == null) {
            return null;
        }
        List<String> terms = new ArrayList<>();
        for (String word : NOT_WORD.split(folded)) {
            if (!word.isEmpty()) {
                terms.add(word + ":*");
            }
        }
        return terms.isEmpty() ? null : String.join(" & ", terms);
    }

    /** The digits of the input, when it looks like (part of) a phone number. */
    public static String digits(String input) {
        String digits = input == null ? "" : input.replaceAll("[^0-9]", "");
        return digits.length() >= 4 ? digits : null;
    }
}
