package io.parley.server.crm;

import io.parley.server.platform.FeatureModule;

/** Contacts: the customers the inbox creates from WhatsApp. */
public final class CrmModule implements FeatureModule {
    private final ContactRepository contacts = new ContactRepository();

    public ContactRepository contacts() {
        return contacts;
    }
}
