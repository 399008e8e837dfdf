package io.parley.server.crm;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.model.identity.User;
import io.parley.server.event.EventLog;
import io.parley.server.job.HandedOff;
import io.parley.server.job.Job;
import io.parley.server.job.JobHandler;
import io.parley.server.job.JobWorker;
import io.parley.server.org.UserRepository;
import io.parley.server.platform.db.Database;
import io.parley.server.platform.db.Tx;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The durable job that imports a checked file, a batch of rows per transaction. Each batch's
 * contacts, rejected rows, counts and the import's position commit together, so a restart goes on
 * after the last committed batch and no row is imported twice. Numbers known already (in the
 * organisation, or earlier in the file) are skipped or update their contact, as the options say.
 */
final class ContactImporter implements JobHandler {
    static final String JOB = "crm.import";
    private static final Logger LOG = Logger.getLogger(ContactImporter.class.getName());
    private static final int BATCH = 1_000;
    private static final long PROGRESS_EVERY_MS = 250;

    /** The job's payload. */
    record Payload(long importId) {
    }

    private record Numbered(int row, List<String> cells) {
    }

    private final Database db;
    private final ObjectMapper mapper;
    private final ContactImportRepository imports;
    private final CrmContactRepository contacts;
    private final TagRepository tags;
    private final StageRepository stages;
    private final CustomFieldRepository fields;
    private final UserRepository users;
    private final ActivityLog activities;
    private final EventLog events;
    private final Path importDir;

    ContactImporter(Database db, ObjectMapper mapper, ContactImportRepository imports, CrmContactRepository contacts,
                    TagRepository tags, StageRepository stages, CustomFieldRepository fields, UserRepository users,
                    ActivityLog activities, EventLog events, Path importDir) {
        this.db = db;
        this.mapper = mapper;
        this.imports = imports;
        this.contacts = contacts;
        this.tags = tags;
        this.stages = stages;
        this.fields = fields;
        this.users = users;
        this.activities = activities;
        this.events = events;
        this.importDir = importDir;
    }

    /** Where an import's file is kept until the import is over. */
    static Path file(Path importDir, long orgId, long importId) {
        return importDir.resolve(Long.toString(orgId)).resolve(importId + ".upload");
    }

    @Override
    public void run(Job job) throws Exception {
        long orgId = job.orgId();
        long importId = job.payload().path("importId").asLong();
        Path path = file(importDir, orgId, importId);
        ContactImportRepository.Work work = db.inOrg(orgId, tx -> imports.work(tx, importId)).orElse(null);
        if (work == null || !work.status().equals("RUNNING")) {
            Files.deleteIfExists(path);
            return;
        }
        if (!Files.exists(path)) {
            fail(orgId, importId, "The uploaded file is gone from the server; upload it again.");
            return;
        }
        ImportOptions options = mapper.treeToValue(work.options(), ImportOptions.class);
        try {
            ImportRowParser parser = db.inOrg(orgId, tx -> parser(tx, options, work.columns()));
            ExecutorService writer = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon()
                    .name("import-" + importId + "-writer").factory());
            try {
                Batches batches = new Batches(orgId, work, options, parser, writer);
                ImportFile.detect(path).read(Math.max(work.position(), 1), batches::add);
                batches.flush();
                batches.awaitWriting();
            } finally {
                // A batch still being written is let finish (or fail) whole before the job ends.
                writer.shutdown();
                writer.awaitTermination(1, TimeUnit.MINUTES);
            }
        } catch (ImportFileException e) {
            // The file passed the same checks when it was uploaded; it changed on disk since.
            fail(orgId, importId, e.getMessage());
            return;
        } catch (RuntimeException e) {
            if (!(e instanceof HandedOff) && job.attempts() + 1 >= JobWorker.MAX_ATTEMPTS) {
                fail(orgId, importId, "The import stopped after " + JobWorker.MAX_ATTEMPTS + " attempts: " + e.getMessage());
            }
            throw e;
        }
        db.runInOrg(orgId, tx -> {
            imports.finish(tx, importId, "DONE", null);
            imports.progress(tx, importId).ifPresent(status -> events.append(tx, "import.progress", status));
        });
        Files.deleteIfExists(path);
    }

    private void fail(long orgId, long importId, String reason) {
        LOG.log(Level.WARNING, "Contact import {0} failed: {1}", new Object[]{importId, reason});
        db.runInOrg(orgId, tx -> {
            imports.finish(tx, importId, "FAILED", reason);
            imports.progress(tx, importId).ifPresent(status -> events.append(tx, "import.progress", status));
        });
    }

    private ImportRowParser parser(Tx tx, ImportOptions options, List<String> columns) {
        Map<String, Long> owners = new HashMap<>();
        for (User user : users.activeMembers(tx)) {
            owners.put(user.email().toLowerCase(Locale.ROOT), user.id());
            if (user.name() != null) {
                owners.putIfAbsent(user.name().toLowerCase(Locale.ROOT), user.id());
            }
        }
        return new ImportRowParser(options, columns, fields.byKey(tx), stages.list(tx), owners);
    }

    /** A batch read and checked, ready to be written: rows [start, end) of the file. */
    private record Parsed(int start, int end, Map<String, ImportRowParser.Candidate> byWaId,
                          List<ContactImportRepository.RejectedRow> rejected, int skipped, int updatedInFile) {
    }

    /**
     * Gathers rows into batches, checks each on the reading thread and writes it in its own
     * transaction on the writing thread: reading and checking the next batch overlaps writing this
     * one, and batches are written one at a time, in file order.
     */
    private final class Batches {
        private final long orgId;
        private final ContactImportRepository.Work work;
        private final ImportOptions options;
        private final ImportRowParser parser;
        private final ExecutorService writer;
        private final List<Numbered> pending = new ArrayList<>(BATCH);
        private Future<?> writing;
        private int position;
        private long lastProgress;

        Batches(long orgId, ContactImportRepository.Work work, ImportOptions options, ImportRowParser parser,
                ExecutorService writer) {
            this.orgId = orgId;
            this.work = work;
            this.options = options;
            this.parser = parser;
            this.writer = writer;
            this.position = Math.max(work.position(), 1);
        }

        void add(int row, List<String> cells) {
            pending.add(new Numbered(row, cells));
            if (pending.size() == BATCH) {
                flush();
            }
        }

        /** Hands the gathered rows to the writer once the batch before them is written. */
        void flush() {
            if (pending.isEmpty()) {
                return;
            }
            Parsed parsed = parse(position, position + pending.size());
            position = parsed.end();
            pending.clear();
            awaitWriting();
            writing = writer.submit(() -> db.runInOrg(orgId, tx -> {
                ContactImportRepository.Work now = imports.work(tx, work.id()).orElseThrow(HandedOff::new);
                if (!now.status().equals("RUNNING") || Math.max(now.position(), 1) != parsed.start()) {
                    // Another worker took the job over after this one's lease ran out; it goes on from there.
                    throw new HandedOff();
                }
                write(tx, parsed);
            }));
        }

        /** Waits for the batch being written; its failure becomes this thread's. */
        void awaitWriting() {
            if (writing == null) {
                return;
            }
            try {
                writing.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while a batch was written", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException failure) {
                    throw failure;
                }
                throw new IllegalStateException(e.getCause());
            } finally {
                writing = null;
            }
        }

        private Parsed parse(int start, int end) {
            List<ContactImportRepository.RejectedRow> rejected = new ArrayList<>();
            Map<String, ImportRowParser.Candidate> byWaId = new LinkedHashMap<>();
            int skipped = 0;
            int updatedInFile = 0;
            for (Numbered row : pending) {
                if (row.cells().stream().allMatch(String::isBlank)) {
                    continue;
                }
                try {
                    ImportRowParser.Candidate candidate = parser.parse(row.row(), row.cells());
                    ImportRowParser.Candidate earlier = byWaId.get(candidate.waId());
                    if (earlier == null) {
                        byWaId.put(candidate.waId(), candidate);
                    } else if (options.update()) {
                        byWaId.put(candidate.waId(), candidate.over(earlier));
                        updatedInFile++;
                    } else {
                        skipped++;
                    }
                } catch (ImportRowParser.RowRejected e) {
                    rejected.add(new ContactImportRepository.RejectedRow(row.row(), e.column, e.getMessage(), row.cells()));
                }
            }
            return new Parsed(start, end, byWaId, rejected, skipped, updatedInFile);
        }

        private void write(Tx tx, Parsed parsed) {
            Map<String, ImportRowParser.Candidate> byWaId = parsed.byWaId();
            List<ContactImportRepository.RejectedRow> rejected = new ArrayList<>(parsed.rejected());
            int skipped = parsed.skipped();
            int updatedInFile = parsed.updatedInFile();
            int end = parsed.end();
            Map<String, CrmContactRepository.Known> known = contacts.byWaIds(tx, byWaId.keySet());
            Set<String> emails = new LinkedHashSet<>();
            byWaId.values().forEach(c -> {
                if (c.email() != null) {
                    emails.add(c.email());
                }
            });
            Map<String, String> emailHolders = contacts.emailHolders(tx, emails);
            List<ImportRowParser.Candidate> inserts = new ArrayList<>();
            List<ImportRowParser.Candidate> updates = new ArrayList<>();
            for (ImportRowParser.Candidate c : byWaId.values()) {
                if (c.email() != null) {
                    String holder = emailHolders.putIfAbsent(c.email(), c.waId());
                    if (holder != null && !holder.equals(c.waId())) {
                        rejected.add(new ContactImportRepository.RejectedRow(c.row(), emailColumn(),
                                "\"" + c.email() + "\" is the email of another contact", c.cells()));
                        continue;
                    }
                }
                if (!known.containsKey(c.waId())) {
                    inserts.add(c);
                } else if (options.update()) {
                    updates.add(c);
                } else {
                    skipped++;
                }
            }
            Map<String, Long> created = contacts.insertImported(tx, inserts);
            skipped += inserts.size() - created.size();
            contacts.updateImported(tx, updates, known);

            Map<String, Long> ids = new HashMap<>(created);
            updates.forEach(c -> ids.put(c.waId(), known.get(c.waId()).id()));
            tagAll(tx, ids, byWaId);
            String file = work.filename();
            activities.recordEach(tx, created.values(), "contact.created", work.createdBy(), "Imported from " + file,
                    Map.of("source", "IMPORT", "importId", work.id()));
            activities.recordEach(tx, updates.stream().map(c -> known.get(c.waId()).id()).toList(), "contact.updated",
                    work.createdBy(), "Updated by the import of " + file, Map.of("importId", work.id()));
            imports.reject(tx, work.id(), rejected);
            imports.advance(tx, work.id(), end, created.size(), updates.size() + updatedInFile, skipped, rejected.size());
            long nowMs = System.currentTimeMillis();
            if (nowMs - lastProgress >= PROGRESS_EVERY_MS) {
                lastProgress = nowMs;
                imports.progress(tx, work.id()).ifPresent(status -> events.append(tx, "import.progress", status));
            }
        }

        private void tagAll(Tx tx, Map<String, Long> ids, Map<String, ImportRowParser.Candidate> rows) {
            Map<String, Long> tagIds = new HashMap<>();
            List<Long> contactColumn = new ArrayList<>();
            List<Long> tagColumn = new ArrayList<>();
            ids.forEach((waId, contactId) -> {
                for (String tag : rows.get(waId).tags()) {
                    Long tagId = tagIds.computeIfAbsent(tag.toLowerCase(Locale.ROOT),
                            lower -> tags.idsCreatingMissing(tx, List.of(tag)).getFirst());
                    contactColumn.add(contactId);
                    tagColumn.add(tagId);
                }
            });
            tags.addPairs(tx, contactColumn, tagColumn);
        }

        private String emailColumn() {
            return options.mapping().entrySet().stream().filter(e -> e.getValue().equals("email"))
                    .map(Map.Entry::getKey).findFirst().orElse(null);
        }
    }
}
