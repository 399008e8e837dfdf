package io.parley.server.channel;

import io.parley.server.channel.ChannelProvider;
import io.parley.server.channel.ChannelProviders;
import io.parley.server.channel.ChannelRepository;
import io.parley.server.channel.StoredChannel;
import io.parley.server.event.EventLog;
import io.parley.server.inbox.MediaRepository;
import io.parley.server.inbox.MediaService;
import io.parley.server.inbox.MessageRepository;
import io.parley.server.job.Job;
import io.parley.server.job.JobHandler;
import io.parley.server.job.PermanentJobFailure;
import io.parley.server.platform.db.Database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Downloads an inbound message's file from the provider (job {@value InboundStore#MEDIA_FETCH_JOB})
 * into {@code <media dir>/<org>/<media id>} — webhook media ids expire after 7 days, so Parley keeps
 * its own copy.
 */
public final class MediaFetcher implements JobHandler {
    private final Database db;
    private final MediaRepository media;
    private final MessageRepository messages;
    private final ChannelRepository channels;
    private final ChannelProviders providers;
    private final EventLog events;
    private final Path mediaDir;

    public MediaFetcher(Database db, MediaRepository media, MessageRepository messages, ChannelRepository channels,
                        ChannelProviders providers, EventLog events, Path mediaDir) {
        this.db = db;
        this.media = media;
        this.messages = messages;
        this.channels = channels;
        this.providers = providers;
        this.events = events;
        this.mediaDir = mediaDir;
    }

    @Override
    public void run(Job job) {
        long id = job.payload().path("mediaId").asLong();
        record Target(MediaRepository.StoredMedia media, StoredChannel channel) {
        }
        Target target = db.inOrg(job.orgId(), tx -> media.byId(tx, id).filter(m -> m.channelId() != null)
                        .flatMap(m -> channels.byId(tx, m.channelId()).map(c -> new Target(m, c))))
                .orElseThrow(() -> new PermanentJobFailure("Media " + id + " or its channel no longer exists"));
        if ("STORED".equals(target.media().status())) {
            return;
        }
        ChannelProvider.FetchedMedia fetched;
        try {
            fetched = providers.of(target.channel()).fetchMedia(target.channel(), target.media().providerMediaId(),
                    target.media().link());
        } catch (ChannelProvider.SendFailure failure) {
            if (failure.retryable() && job.attempts() + 1 < 6) {
                throw failure;
            }
            db.runInOrg(job.orgId(), tx -> {
                media.failed(tx, id, failure.getMessage());
                events.append(tx, "message.updated", messages.view(tx, target.media().messageId()).orElseThrow());
            });
            return;
        }
        Path file = MediaService.file(mediaDir, job.orgId(), id);
        try {
            Files.createDirectories(file.getParent());
            Path partial = file.resolveSibling(file.getFileName() + ".part");
            Files.write(partial, fetched.bytes());
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot store media " + id + " under " + mediaDir, e);
        }
        db.runInOrg(job.orgId(), tx -> {
            media.stored(tx, id, file.toString(), fetched.bytes().length, fetched.mimeType());
            events.append(tx, "message.updated", messages.view(tx, target.media().messageId()).orElseThrow());
        });
    }
}
