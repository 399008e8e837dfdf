package io.parley.server.org;

import io.parley.server.platform.db.Tx;

import java.util.logging.Logger;

/**
 * Outgoing mail (invitations, password resets) is written to {@code mail_outbox} in the same
 * transaction as the change that causes it; a sender delivers it later (SMTP arrives with its own
 * issue). Until then the log line is how an operator hands a link over by hand.
 */
public final class MailOutbox {
    private static final Logger LOG = Logger.getLogger(MailOutbox.class.getName());

    public void enqueue(Tx tx, String kind, String to, String subject, String body) {
        tx.dml("INSERT INTO mail_outbox (org_id, kind, to_email, subject, body) VALUES (:org, :kind, :to, :subject, :body)")
                .addParam("org", tx.orgId())
                .addParam("kind", kind)
                .addParam("to", to)
                .addParam("subject", subject)
                .addParam("body", body)
                .execute();
        // Logged whole on purpose: until a mail sender is configured, the log is the delivery channel.
        LOG.info("Mail queued (" + kind + ") to " + to + ": " + subject + "\n" + body);
    }
}
