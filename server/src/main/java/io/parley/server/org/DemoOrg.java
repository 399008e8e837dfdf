package io.parley.server.org;

import io.parley.server.auth.Registration;

import java.util.logging.Logger;

/**
 * The demo organisation a first run starts with ({@code --demo} / {@code PARLEY_DEMO=true}), so that
 * someone who has just cloned Parley can sign in at once. Created once; later starts leave it be.
 */
public final class DemoOrg {
    public static final String EMAIL = "demo@parley.local";
    public static final String PASSWORD = "parley-demo";
    private static final Logger LOG = Logger.getLogger(DemoOrg.class.getName());

    private final Registration registration;

    public DemoOrg(Registration registration) {
        this.registration = registration;
    }

    public void ensure() {
        if (!registration.emailTaken(EMAIL)) {
            registration.register("Demo Shop", "Demo Owner", EMAIL, PASSWORD);
            LOG.info("Created the demo organisation \"Demo Shop\".");
        }
    }
}
