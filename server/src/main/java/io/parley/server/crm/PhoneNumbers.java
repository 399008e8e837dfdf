package io.parley.server.crm;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;

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

    /** The WhatsApp id (digits, no '+') for a number, when it is a possible number. */
    public static Optional<String> toWaId(String raw) {
        return toE164(raw).map(e164 -> e164.substring(1));
    }
}
