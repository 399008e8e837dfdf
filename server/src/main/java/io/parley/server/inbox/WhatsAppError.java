package io.parley.server.inbox;

import java.util.Map;

/**
 * An error WhatsApp reported (on a status, a message or a send), with a title an agent can act on.
 * Titles follow Meta's error-code reference; unknown codes keep Meta's own words.
 */
public record WhatsAppError(int code, String title, String detail) {
    private static final Map<Integer, String> TITLES = Map.ofEntries(
            Map.entry(0, "WhatsApp refused the channel's credentials: check the access token."),
            Map.entry(4, "Too many API calls for this app; sending resumes shortly."),
            Map.entry(190, "The channel's access token has expired: paste a new one in the channel settings."),
            Map.entry(368, "The WhatsApp account is temporarily blocked for policy violations."),
            Map.entry(80007, "The WhatsApp Business Account hit its rate limit; sending resumes shortly."),
            Map.entry(130429, "WhatsApp's throughput limit for this number was reached; Parley retries."),
            Map.entry(130472, "The customer is part of a Meta experiment and does not receive marketing messages."),
            Map.entry(131000, "Something went wrong at WhatsApp; try again."),
            Map.entry(131009, "WhatsApp rejected a parameter of this message."),
            Map.entry(131026, "Undeliverable: the number may not use WhatsApp, or its app is too old."),
            Map.entry(131031, "The WhatsApp Business Account is locked."),
            Map.entry(131047, "More than 24 hours since the customer last wrote: only a template can be sent."),
            Map.entry(131048, "Spam rate limit: too many recent messages from this number were blocked or reported."),
            Map.entry(131049, "Meta held this marketing message back to keep engagement healthy."),
            Map.entry(131051, "WhatsApp does not support this message type."),
            Map.entry(131052, "The customer's file could not be downloaded (it may be over 100 MB)."),
            Map.entry(131053, "WhatsApp could not process the media file."),
            Map.entry(131056, "Too many messages to this customer in a short time; Parley retries later."),
            Map.entry(131062, "This kind of recipient is not supported."),
            Map.entry(132000, "The template's parameters do not match the template."),
            Map.entry(132001, "The template does not exist or is not approved in this language."),
            Map.entry(132005, "The template's text is too long once the parameters are filled in."),
            Map.entry(132007, "The template breaks WhatsApp's content policy."),
            Map.entry(132008, "A template parameter has an invalid value."),
            Map.entry(132012, "A template parameter has the wrong format."),
            Map.entry(132015, "The template is paused because of low quality."),
            Map.entry(132016, "The template has been disabled."));

    /** Meta's code and its own title/details, turned into what the agent reads. */
    public static WhatsAppError of(int code, String metaTitle, String metaDetail) {
        String title = TITLES.getOrDefault(code, metaTitle == null || metaTitle.isBlank() ? "WhatsApp error " + code : metaTitle);
        return new WhatsAppError(code, title, metaDetail == null || metaDetail.isBlank() ? metaTitle : metaDetail);
    }

    /** Worth trying again later (throughput, pair rate, transient faults). */
    public boolean retryable() {
        return code == 130429 || code == 131056 || code == 131000 || code == 4 || code == 80007 || code == 131053;
    }
}
