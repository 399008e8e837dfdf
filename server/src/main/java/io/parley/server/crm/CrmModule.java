package io.parley.server.crm;

import io.helidon.webserver.http.HttpRouting;
import io.parley.server.job.JobWorker;
import io.parley.server.org.OrgDirectory;
import io.parley.server.platform.FeatureModule;
import io.parley.server.platform.Platform;

import java.nio.file.Path;

/**
 * Who the customer is: contacts (the ones the inbox creates from WhatsApp, and those made by hand),
 * their tags, custom fields, owner and pipeline stage, saved segments and the timeline.
 */
public final class CrmModule implements FeatureModule {
    private final ContactService contactService;
    private final TagService tags;
    private final StageService stages;
    private final CustomFieldService fields;
    private final SegmentService segments;
    private final CrmSettingsService settings;
    private final CrmDemo demo;
    private final ContactImporter importer;
    private final ContactImportService imports;

    /**
     * @param conversations moves a contact's conversations onto another when two contacts are merged
     *                      (the inbox owns conversations)
     */
    public CrmModule(Platform platform, OrgDirectory directory, ContactMerge.ConversationMover conversations) {
        CrmContactRepository crmContacts = new CrmContactRepository(platform.json().mapper());
        TagRepository tagRepository = new TagRepository();
        StageRepository stageRepository = new StageRepository();
        CustomFieldRepository fieldRepository = new CustomFieldRepository(platform.json().mapper());
        SegmentRepository segmentRepository = new SegmentRepository(platform.json().mapper());
        ActivityLog activities = new ActivityLog(platform.json().mapper());
        ContactFilters filters = new ContactFilters(platform.json().mapper(), fieldRepository, segmentRepository);
        contactService = new ContactService(platform.db(), platform.json(), platform.clock(), crmContacts, tagRepository,
                stageRepository, fieldRepository, directory.users(),
                activities, platform.events(), new ContactMerge(crmContacts, conversations, activities, directory.audit()), filters);
        tags = new TagService(platform.db(), platform.json(), tagRepository);
        stages = new StageService(platform.db(), platform.json(), stageRepository, filters);
        fields = new CustomFieldService(platform.db(), platform.json(), fieldRepository);
        segments = new SegmentService(platform.db(), platform.json(), segmentRepository, fieldRepository, crmContacts);
        settings = new CrmSettingsService(platform.db(), platform.json());
        Path importDir = platform.config().dataDir().resolve("imports");
        ContactImportRepository importRepository = new ContactImportRepository(platform.json().mapper());
        imports = new ContactImportService(platform.db(), platform.json(), importRepository, fieldRepository,
                platform.jobs(), platform.events(), importDir);
        importer = new ContactImporter(platform.db(), platform.json().mapper(), importRepository, crmContacts, tagRepository,
                stageRepository, fieldRepository, directory.users(), activities, platform.events(), importDir);
        demo = new CrmDemo(crmContacts, tagRepository, stageRepository, fieldRepository, activities);
    }

    @Override
    public void routing(HttpRouting.Builder routing) {
        // Imports first: their paths would otherwise be taken for contact ids.
        routing.register("/api/v1/contacts", imports, contactService)
                .register("/api/v1/tags", tags)
                .register("/api/v1/stages", stages)
                .register("/api/v1/custom-fields", fields)
                .register("/api/v1/segments", segments)
                .register("/api/v1/crm", settings);
    }

    @Override
    public void jobs(JobWorker worker) {
        worker.register(ContactImporter.JOB, importer);
    }

    /** Fills the demo organisation's CRM. */
    public CrmDemo demo() {
        return demo;
    }
}
