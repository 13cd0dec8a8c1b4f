using DefectRefine.Contracts.V1.Labels;
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
        options.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
        options.UseSystemTextJsonForSerialization(EnumStorage.AsString);
        options.Events.StreamIdentity = StreamIdentity.AsGuid;

        options.Events.AddEventType<MaskInitialised>();
        options.Events.AddEventType<CentrePixelsRefined>();
        options.Events.AddEventType<PatchesRefined>();
        options.Events.AddEventType<PatchesShifted>();
        options.Events.AddEventType<RefinementReverted>();
        options.Projections.Snapshot<MaskProjection>(SnapshotLifecycle.Inline);

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
