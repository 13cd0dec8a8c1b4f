using DefectRefine.Contracts.V1.Labels;
using DefectRefine.IntegrationTests.Infrastructure;
using DefectRefine.LabelStore;
using DefectRefine.Masks;
using Marten;

namespace DefectRefine.IntegrationTests.MaskHistory;

[Collection(InfrastructureCollection.Name)]
public sealed class MaskHistoryTests(InfrastructureFixture infrastructure)
{
    [Fact]
    public async Task Refinements_of_each_granularity_are_recorded_with_their_context_and_replayed_at_any_version()
    {
        await using var labels = new LabelStoreScope(infrastructure);
        var initial = new BinaryMask(64, 48);
        initial.Fill(new PixelBox(10, 10, 20, 10));
        var (_, imageId) = await labels.AddImageAsync(initial);

        var centre = await labels.Writer.RefineCentrePixelsAsync(imageId, LabelStoreScope.Context("ana"), [new PatchLabel(15, 15, false), new PatchLabel(50, 40, true)]);
        var patch = await labels.Writer.RefinePatchesAsync(imageId, LabelStoreScope.Context("ben", "station-b"), 8, [new PatchLabel(40, 30, true)]);
        var shift = await labels.Writer.ShiftAsync(imageId, LabelStoreScope.Context("ana"), 8, [new ShiftLabel(5, 5, 7, 3)]);

        Assert.Equal((2L, 2), (centre.Version, centre.PixelsChanged));
        Assert.Equal((3L, 64), (patch.Version, patch.PixelsChanged));
        Assert.Equal((4L, 1), (shift.Version, shift.PixelsChanged));

        var history = await labels.History.ListAsync(imageId);
        Assert.Equal(["MaskInitialised", "CentrePixelsRefined", "PatchesRefined", "PatchesShifted"], history.Select(h => h.Event));
        Assert.Equal(200, history[0].PixelsChanged);
        Assert.Equal(("station-b", "ben", "model-v1"), (history[2].Station, history[2].User, history[2].ModelVersion));
        Assert.NotNull(history[1].QueryId);

        var atOne = await labels.History.AtVersionAsync(imageId, 1);
        Assert.Equal(initial, atOne.Mask);
        var atThree = await labels.History.AtVersionAsync(imageId, 3);
        Assert.False(atThree.Mask[15, 15]);
        Assert.True(atThree.Mask[40, 30]);
        Assert.False(atThree.Mask[7, 3]);
        var current = await labels.Catalog.GetCurrentMaskAsync(imageId);
        Assert.True(current.Mask[7, 3]);
        Assert.Equal(4, current.Version);

        var diff = await labels.History.DiffAsync(imageId, 1, 4);
        Assert.Equal(2 + 64 + 1, diff.ChangedPixels);
        Assert.Equal((66, 1), (diff.BecameDefect, diff.BecameBackground));
        Assert.Equal([2L, 3L, 4L], diff.Events.Select(e => e.Version));
    }

    [Fact]
    public async Task Undo_restores_the_pixels_the_refinement_changed_but_keeps_later_answers()
    {
        await using var labels = new LabelStoreScope(infrastructure);
        var (_, imageId) = await labels.AddImageAsync(new BinaryMask(32, 32));

        await labels.Writer.RefinePatchesAsync(imageId, LabelStoreScope.Context(), 4, [new PatchLabel(10, 10, true)]);    // v2: 16 px defect
        await labels.Writer.RefineCentrePixelsAsync(imageId, LabelStoreScope.Context(), [new PatchLabel(10, 10, false)]); // v3: centre back
        await labels.Writer.RefineCentrePixelsAsync(imageId, LabelStoreScope.Context(), [new PatchLabel(30, 30, true)]);  // v4: elsewhere

        var undo = await labels.Writer.RevertAsync(imageId, 2, LabelStoreScope.Tester, "wrong patch");
        Assert.Equal((5L, 15), (undo.Version, undo.PixelsChanged));

        var mask = (await labels.Catalog.GetCurrentMaskAsync(imageId)).Mask;
        Assert.Equal(1, mask.CountDefects());
        Assert.True(mask[30, 30]);

        var error = await Assert.ThrowsAsync<LabelStoreException>(() => labels.Writer.RevertAsync(imageId, 2, LabelStoreScope.Tester, "again"));
        Assert.Equal(LabelStoreFailure.Conflict, error.Failure);
        Assert.Contains("already been undone", error.Message);
        error = await Assert.ThrowsAsync<LabelStoreException>(() => labels.Writer.RevertAsync(imageId, 1, LabelStoreScope.Tester, "no"));
        Assert.Contains("not a refinement", error.Message);
        error = await Assert.ThrowsAsync<LabelStoreException>(() => labels.Writer.RevertAsync(imageId, 99, LabelStoreScope.Tester, "no"));
        Assert.Equal(LabelStoreFailure.NotFound, error.Failure);

        var history = await labels.History.ListAsync(imageId);
        Assert.Equal(5, history[1].RevertedBy);
        Assert.Contains("wrong patch", history[4].Summary);
        Assert.Equal(5, (await labels.Catalog.GetCurrentMaskAsync(imageId)).Version);
    }

    [Fact]
    public async Task The_mask_at_a_point_in_time_is_the_one_recorded_before_it()
    {
        await using var labels = new LabelStoreScope(infrastructure);
        var (datasetId, imageId) = await labels.AddImageAsync(new BinaryMask(16, 16));
        await labels.Writer.RefineCentrePixelsAsync(imageId, LabelStoreScope.Context(), [new PatchLabel(1, 1, true)]);
        await Task.Delay(300);
        var between = await ServerNowAsync(labels.Store);
        await Task.Delay(300);
        await labels.Writer.RefineCentrePixelsAsync(imageId, LabelStoreScope.Context(), [new PatchLabel(2, 2, true)]);

        var then = await labels.History.AtTimeAsync(imageId, between);
        Assert.NotNull(then);
        Assert.Equal((2L, 1), (then.Version, then.Mask.CountDefects()));
        Assert.Null(await labels.History.AtTimeAsync(imageId, between.AddYears(-1)));

        var export = await labels.History.DatasetAtTimeAsync(datasetId, between);
        Assert.Equal(1, Assert.Single(export).Mask!.Mask.CountDefects());
    }

    [Fact]
    public async Task Any_version_of_a_long_stream_rebuilt_from_checkpoints_equals_a_full_replay()
    {
        await using var labels = new LabelStoreScope(infrastructure, checkpointInterval: 10);
        var (_, imageId) = await labels.AddImageAsync(new BinaryMask(40, 40));
        for (var i = 0; i < 34; i++)
            await labels.Writer.RefinePatchesAsync(imageId, LabelStoreScope.Context(), 3, [new PatchLabel(i, i % 40, i % 3 != 0)]);
        await labels.Writer.RevertAsync(imageId, 12, LabelStoreScope.Tester, "test");

        await using var session = labels.Store.QuerySession();
        Assert.Equal(3, await session.Query<MaskCheckpoint>().CountAsync(c => c.ImageId == imageId));
        foreach (var version in new long[] { 1, 9, 10, 11, 20, 29, 30, 35, 36 })
        {
            var fromCheckpoint = await labels.History.AtVersionAsync(imageId, version);
            var fullReplay = await session.Events.AggregateStreamAsync<MaskProjection>(imageId, version);
            Assert.Equal(fullReplay!.Mask, fromCheckpoint.Mask);
            Assert.Equal(version, fromCheckpoint.Version);
        }
    }

    [Fact]
    public async Task Bad_refinements_are_refused_and_nothing_is_written()
    {
        await using var labels = new LabelStoreScope(infrastructure);
        var (_, imageId) = await labels.AddImageAsync(new BinaryMask(16, 16));

        var outside = await Assert.ThrowsAsync<LabelStoreException>(() =>
            labels.Writer.RefineCentrePixelsAsync(imageId, LabelStoreScope.Context(), [new PatchLabel(3, 3, true), new PatchLabel(16, 0, true)]));
        Assert.Contains("(16, 0) is outside the 16x16", outside.Message);
        var shift = await Assert.ThrowsAsync<LabelStoreException>(() =>
            labels.Writer.ShiftAsync(imageId, LabelStoreScope.Context(), 4, [new ShiftLabel(2, 2, 10, 10)]));
        Assert.Contains("outside the 4px patch", shift.Message);
        var none = await Assert.ThrowsAsync<LabelStoreException>(() => labels.Writer.RefineCentrePixelsAsync(imageId, LabelStoreScope.Context(), []));
        Assert.Equal(LabelStoreFailure.Invalid, none.Failure);
        var missing = await Assert.ThrowsAsync<LabelStoreException>(() =>
            labels.Writer.RefineCentrePixelsAsync(Guid.NewGuid(), LabelStoreScope.Context(), [new PatchLabel(1, 1, true)]));
        Assert.Equal(LabelStoreFailure.NotFound, missing.Failure);

        Assert.Single(await labels.History.ListAsync(imageId));
    }

    private static async Task<DateTimeOffset> ServerNowAsync(DocumentStore store)
    {
        await using var session = store.QuerySession();
        return (await session.QueryAsync<DateTimeOffset>("select now()")).Single();
    }
}
