using System.IO.Compression;
using DefectRefine.Contracts.V1.Labels;
using DefectRefine.IntegrationTests.Infrastructure;
using DefectRefine.LabelStore;
using DefectRefine.Masks;

namespace DefectRefine.IntegrationTests.MaskHistory;

/// <summary>
/// The model's layer in the real label store: a proposal is held to every expert answer before it, leaves the expert's
/// layer as it was, is named after its model and round in the history, is written once per model version, and both
/// layers replay at any version.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class RefinedMaskHistoryTests(InfrastructureFixture infrastructure)
{
    private static readonly Guid ProjectId = Guid.NewGuid();

    [Fact]
    public async Task A_proposal_is_held_to_the_expert_answers_kept_apart_from_them_and_named_after_its_model()
    {
        await using var labels = new LabelStoreScope(infrastructure);
        var initial = new BinaryMask(64, 48);
        initial.Fill(new PixelBox(10, 10, 20, 10));
        var (datasetId, imageId) = await labels.AddImageAsync(initial);
        await labels.Writer.RefinePatchesAsync(imageId, LabelStoreScope.Context("ana"), 8, [new PatchLabel(50, 36, true)]); // v2: far outside the labels
        await labels.Writer.RefineCentrePixelsAsync(imageId, LabelStoreScope.Context("ana"), [new PatchLabel(15, 15, false)]); // v3: inside them
        var expertLayer = (await labels.Catalog.GetCurrentMaskAsync(imageId)).Mask;

        // The model finds a defect everywhere: the labels' prior bounds it, the answers override it.
        var everywhere = Enumerable.Repeat(0.9f, 64 * 48).ToArray();
        var first = await labels.Writer.ProposeRefinedAsync(imageId, ProjectId, "model-r1", 1, everywhere);
        Assert.Equal(4, first?.Version);

        var current = await labels.Catalog.GetCurrentMaskAsync(imageId);
        Assert.Equal(expertLayer, current.Mask);
        Assert.Equal(2, current.RefinementCount);
        var refined = current.RefinedMask!;
        Assert.False(refined[15, 15]);                   // the expert said background
        Assert.True(refined[50, 36] && refined[47, 33]); // the expert's patch, outside every label
        Assert.True(refined[12, 12]);                    // the model, inside the labels
        Assert.False(refined[2, 40]);                    // far outside the labels: background
        Assert.Equal(("model-r1", 1), (current.RefinedModelVersion, current.RefinedRound));

        var entry = (await labels.History.ListAsync(imageId))[^1];
        Assert.Equal(("RefinedMaskProposed", "model", "model model-r1", "model-r1"), (entry.Event, entry.Station, entry.User, entry.ModelVersion));
        Assert.StartsWith("refined mask by model model-r1 (training round 1)", entry.Summary);
        Assert.Equal(refined.CountDefects(), entry.PixelsChanged);

        // The same round again (a redelivered ModelTrained) writes nothing; so does an older round arriving late.
        Assert.Null(await labels.Writer.ProposeRefinedAsync(imageId, ProjectId, "model-r1", 1, everywhere));
        Assert.Null(await labels.Writer.ProposeRefinedAsync(imageId, ProjectId, "model-r0", 0, everywhere));
        Assert.Equal(4, (await labels.Catalog.GetCurrentMaskAsync(imageId)).Version);

        // A proposal is no answer: it cannot be undone, only superseded.
        var undo = await Assert.ThrowsAsync<LabelStoreException>(() => labels.Writer.RevertAsync(imageId, 4, LabelStoreScope.Tester, "not mine"));
        Assert.Equal(LabelStoreFailure.Conflict, undo.Failure);

        await labels.Writer.RefineCentrePixelsAsync(imageId, LabelStoreScope.Context("ben"), [new PatchLabel(20, 12, false)]); // v5
        var nothing = new float[64 * 48];
        Assert.Equal(6, (await labels.Writer.ProposeRefinedAsync(imageId, ProjectId, "model-r2", 2, nothing))?.Version);

        // Replay: each version has the expert layer and the latest proposal of its time.
        Assert.Null((await labels.History.AtVersionAsync(imageId, 3)).RefinedMask);
        var atFour = await labels.History.AtVersionAsync(imageId, 4);
        Assert.Equal((refined, expertLayer), (atFour.RefinedMask, atFour.Mask));
        var atFive = await labels.History.AtVersionAsync(imageId, 5);
        Assert.Equal(refined, atFive.RefinedMask);
        Assert.False(atFive.Mask[20, 12]);
        var latest = (await labels.Catalog.GetCurrentMaskAsync(imageId)).RefinedMask!;
        Assert.False(latest[20, 12] || latest[15, 15]);
        Assert.True(latest[50, 36]); // the model sees nothing now, the expert's defect stays
        Assert.True(latest[10, 10] || latest.CountDefects() > 64); // the labels' region still holds a defect
        var diff = await labels.History.DiffAsync(imageId, 3, 6);
        Assert.Equal(["RefinedMaskProposed", "CentrePixelsRefined", "RefinedMaskProposed"], diff.Events.Select(e => e.Event));
        Assert.Equal(1, diff.ChangedPixels); // the expert's layer: only ben's answer

        // Exported as it was after round 1, and now; the expert layer on request.
        var afterRoundOne = (await labels.History.DatasetAtTimeAsync(datasetId, entry.RecordedAt)).Single();
        Assert.Equal(refined, DatasetExport.MaskOf(afterRoundOne.Mask!, ExportLayer.Refined));
        var now = (await labels.History.DatasetAtTimeAsync(datasetId, DateTimeOffset.MaxValue)).Single();
        Assert.Equal(latest, DatasetExport.MaskOf(now.Mask!, ExportLayer.Refined));
        Assert.Equal(now.Mask!.Mask, DatasetExport.MaskOf(now.Mask, ExportLayer.Expert));
    }

    [Fact]
    public async Task Concurrent_deliveries_of_one_round_append_one_proposal()
    {
        await using var labels = new LabelStoreScope(infrastructure);
        var initial = new BinaryMask(32, 32);
        initial.Fill(new PixelBox(4, 4, 10, 10));
        var (_, imageId) = await labels.AddImageAsync(initial);
        var map = Enumerable.Repeat(0.7f, 32 * 32).ToArray();

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => labels.Writer.ProposeRefinedAsync(imageId, ProjectId, "model-r1", 1, map)));

        Assert.Single(results, r => r is not null);
        var history = await labels.History.ListAsync(imageId);
        Assert.Single(history, h => h.Event == nameof(RefinedMaskProposed));
    }
}
