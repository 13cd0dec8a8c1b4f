using DefectRefine.Contracts.V1.Labels;
using DefectRefine.Imaging;
using DefectRefine.IntegrationTests.Infrastructure;
using DefectRefine.LabelStore;
using DefectRefine.Masks;
using Marten;

namespace DefectRefine.IntegrationTests.MaskHistory;

/// <summary>A label store on its own schema of the real PostgreSQL, with helpers to add synthetic images.</summary>
public sealed class LabelStoreScope : IAsyncDisposable
{
    public LabelStoreScope(InfrastructureFixture infrastructure, int checkpointInterval = 100)
    {
        Options = new LabelStoreOptions { Schema = infrastructure.CreateSchemaName("labels"), CheckpointInterval = checkpointInterval };
        Store = LabelStoreSchema.CreateStore(infrastructure.Postgres, Options);
        // The whole schema before any test's first read: service hosts a test starts on the same schema create the
        // same tables, and two creators of one index at the same moment make one of them fail (PostgreSQL's DDL).
        Store.Storage.ApplyAllConfiguredChangesToDatabaseAsync().GetAwaiter().GetResult();
        Outbox = new LabelStore.Outbox.Outbox(Options);
        Catalog = new ImageCatalog(Store, Options, Outbox);
        Writer = new MaskWriter(Store, Options);
        History = new global::DefectRefine.LabelStore.LabelHistory(Store, Options);
    }

    public LabelStoreOptions Options { get; }
    public DocumentStore Store { get; }
    public LabelStore.Outbox.Outbox Outbox { get; }
    public ImageCatalog Catalog { get; }
    public MaskWriter Writer { get; }
    public global::DefectRefine.LabelStore.LabelHistory History { get; }

    public static readonly LabelAuthor Tester = new("station-test", "tester");

    public async Task<(Guid DatasetId, Guid ImageId)> AddImageAsync(BinaryMask initial, string name = "a.png")
    {
        var dataset = await Catalog.CreateDatasetAsync($"ds-{Guid.NewGuid():N}", null, "tester");
        var imageId = await AddImageToAsync(dataset.Id, initial, name);
        return (dataset.Id, imageId);
    }

    public async Task<Guid> AddImageToAsync(Guid datasetId, BinaryMask initial, string name)
    {
        var imageId = Guid.NewGuid();
        var pixels = new byte[initial.PixelCount];
        new Random(1).NextBytes(pixels);
        var png = ImageEncoder.EncodePng(new GrayscaleImage(initial.Width, initial.Height, pixels));
        var initialised = new MaskInitialised(imageId, datasetId, initial.Width, initial.Height, InitialMaskKind.Segmentation,
            MaskRunLength.Encode(initial), [], new InitialMaskOrigin("test", false, null, new Dictionary<string, string>()), Tester, DateTimeOffset.UtcNow);
        await Catalog.AddImagesAsync(datasetId, null, [new NewImage(imageId, name, png, "image/png", png, initial.Width, initial.Height, initialised, null)]);
        return imageId;
    }

    public static RefinementContext Context(string user = "tester", string station = "station-test") =>
        new(new LabelAuthor(station, user), DateTimeOffset.UtcNow, Guid.NewGuid(), Guid.NewGuid(), "model-v1",
            [new QueryCandidate(Guid.NewGuid(), 1, 1, CandidateRole.Anchor, false)]);

    public ValueTask DisposeAsync()
    {
        Store.Dispose();
        return ValueTask.CompletedTask;
    }
}
