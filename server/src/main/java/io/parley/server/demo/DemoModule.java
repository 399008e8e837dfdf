package io.parley.server.demo;

import io.parley.server.auth.AuthModule;
import io.parley.server.channel.ChannelModule;
import io.parley.server.crm.CrmModule;
import io.parley.server.inbox.InboxModule;
import io.parley.server.platform.FeatureModule;
import io.parley.server.platform.Platform;
import io.parley.server.sending.SendingModule;

/** With {@code --demo}: the demo organisation, made at start if it is missing. */
public final class DemoModule implements FeatureModule {
    private final boolean enabled;
    private final DemoOrg demoOrg;

    public DemoModule(Platform platform, AuthModule auth, CrmModule crm, InboxModule inbox, ChannelModule channels,
                      SendingModule sending) {
        enabled = platform.config().demo();
        demoOrg = new DemoOrg(auth.registration(), platform.db(), channels.channels(), channels.templates(),
                channels.sandbox(), inbox.inbound(), inbox.messages(), sending.composer(), crm.demo(), platform.events(),
                platform.clock());
    }

    @Override
    public void start() {
        if (enabled) {
            demoOrg.ensure();
        }
    }
}
