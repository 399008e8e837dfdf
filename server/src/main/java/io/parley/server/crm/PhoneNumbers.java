package io.parley.server.crm;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;

import java.util.Locale;
import java.util.Optional;

/** E.164 normalisation of WhatsApp ids and typed-in numbers (libphonenumber). */
public final class PhoneNumbers {
    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    private PhoneNumbers() {
    }

    /**
     * {@code +<digits>} for a number libphonenumber considers possible; empty otherwise. Input may be a
     * WhatsApp id (digits only, country code first) or a number with '+', spaces and dashes.
     */
    public static Optional<String> toE164(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String digits = raw.replaceAll("[^0-9]", "");
        if (digits.length() < 6 || digits.length() > 15) {
            return Optional.empty();
        }
        try {
            Phonenumber.PhoneNumber number = UTIL.parse("+" + digits, null);
            return UTIL.isPossibleNumber(number)
                    ? Optional.of(UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.E164))
                    : Optional.empty();
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }

    /**
     * A number as a person types or a spreadsheet holds it: with '+' or 00 it carries its country;
     * without, it is read as a national number of {@code defaultCountry} (ISO 3166 alpha-2; null: such
     * a number is refused). Empty when it is not a valid number of its country.
     */
    public static Optional<String> toE164(String raw, String defaultCountry) {
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        String trimmed = raw.strip();
        if (!trimmed.startsWith("+") && !trimmed.startsWith("00") && defaultCountry == null) {
            return Optional.empty();
        }
        try {
            // Typed and imported numbers are held to their country's numbering plan, not just its lengths.
            Phonenumber.PhoneNumber number = trimmed.startsWith("00") ? UTIL.parse("+" + trimmed.substring(2), null)
                    : UTIL.parse(trimmed, trimmed.startsWith("+") ? null : defaultCountry);
            return UTIL.isValidNumber(number)
                    ? Optional.of(UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.E164))
                    : Optional.empty();
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }

    /** The international calling code of a country ("DE" → "+49"), or empty for an unknown one. */
    public static Optional<String> callingCode(String country) {
        int code = country == null ? 0 : UTIL.getCountryCodeForRegion(country.toUpperCase(Locale.ROOT));
        return code == 0 ? Optional.empty() : Optional.of("+" + code);
    }

    /** Whether libphonenumber knows {@code country} as a region. */
    public static boolean isCountry(String country) {
        return country != null && UTIL.getSupportedRegions().contains(country);
    }

    /** The WhatsApp id (digits, no '+') for a number, when it is a possible number. */
    public static Optional<String> toWaId(String raw) {
        return toE164(raw).map(e164 -> e164.substring(1));
    }
}
