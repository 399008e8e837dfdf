package io.parley.server.channel;

import io.parley.model.channel.Provider;

/** Picks the transport of a channel. */
public final class ChannelProviders {
    private final ChannelProvider cloud;
    private final ChannelProvider sandbox;

    public ChannelProviders(ChannelProvider cloud, ChannelProvider sandbox) {
        this.cloud = cloud;
        this.sandbox = sandbox;
    }

    public ChannelProvider of(StoredChannel channel) {
        return channel.provider() == Provider.SANDBOX ? sandbox : cloud;
    }
}
