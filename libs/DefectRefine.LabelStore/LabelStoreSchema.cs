using DefectRefine.Contracts.V1.Labels;
using DefectRefine.Contracts.V1.Loop;
using DefectRefine.LabelStore.Loop;
using DefectRefine.Loop;
using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Weasel.Core;

namespace DefectRefine.LabelStore;

/// <summary>The one place that says how the label history is laid out in PostgreSQL.</summary>
public static class LabelStoreSchema
{
    public static void Configure(StoreOptions options, string connectionString, LabelStoreOptions settings)
    {
        options.Connection(connectionString);
        options.DatabaseSchemaName = settings.Schema;
        options.AutoCreateSchemaObjects = settings.ApplySchemaChanges ? AutoCreate.CreateOrUpdate : AutoCreate.None;
        options.UseSystemTextJsonForSerialization(EnumStorage.AsString);
        options.Events.StreamIdentity = StreamIdentity.AsGuid;

        options.Events.AddEventType<MaskInitialised>();
        options.Events.AddEventType<CentrePixelsRefined>();
        options.Events.AddEventType<PatchesRefined>();
        options.Events.AddEventType<PatchesShifted>();
        options.Events.AddEventType<RefinementReverted>();
        options.Events.AddEventType<RefinedMaskProposed>();
        options.Projections.Snapshot<MaskProjection>(SnapshotLifecycle.Inline);

        // The refinement loop of each project: one stream per project, its state an inline snapshot like the masks'.
        options.Events.AddEventType<ProjectCreated>();
        options.Events.AddEventType<TrainingRequested>();
        options.Events.AddEventType<TrainingRoundCompleted>();
        options.Events.AddEventType<TrainingRoundFailed>();
        options.Events.AddEventType<TrainingAttemptFailed>();
        options.Events.AddEventType<SessionStarted>();
        options.Events.AddEventType<AnswerRecorded>();
        options.Events.AddEventType<AnswerUndone>();
        options.Events.AddEventType<LoopPaused>();
        options.Events.AddEventType<LoopResumed>();
        options.Events.AddEventType<MembershipGranted>();
        options.Events.AddEventType<MembershipRevoked>();
        options.Projections.Snapshot<ProjectLoop>(SnapshotLifecycle.Inline);
        options.Schema.For<ProjectLoop>().UniqueIndex(project => project.Name);
        options.Schema.For<AnswerRecord>().Index(answer => answer.ProjectId);
        options.Storage.ExtendedSchemaObjects.Add(QueryBuffer.Definition(settings.Schema));
        options.Storage.ExtendedSchemaObjects.Add(ModelCheckpointStore.Table(settings.Schema));
        options.Storage.ExtendedSchemaObjects.Add(PixelCheckpointStore.Table(settings.Schema));
        options.Storage.ExtendedSchemaObjects.Add(Outbox.Outbox.Definition(settings.Schema));
        options.Storage.ExtendedSchemaObjects.Add(Outbox.Outbox.DeadDefinition(settings.Schema));
        options.Storage.ExtendedSchemaObjects.Add(ModelMapStore.Table(settings.Schema));

        options.Schema.For<Dataset>().UniqueIndex(dataset => dataset.Name);
        options.Schema.For<ImageRecord>()
            .Index(image => image.DatasetId)
            .UniqueIndex(image => image.DatasetId, image => image.FileName);
        options.Schema.For<MaskCheckpoint>().Index(checkpoint => checkpoint.ImageId);
        options.Storage.ExtendedSchemaObjects.Add(ImageBlobs.Table(settings.Schema));
    }

    public static DocumentStore CreateStore(string connectionString, LabelStoreOptions? settings = null) =>
        DocumentStore.For(options => Configure(options, connectionString, settings ?? new LabelStoreOptions()));
}
