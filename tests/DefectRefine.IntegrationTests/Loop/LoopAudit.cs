using DefectRefine.Contracts.V1.Labels;
using DefectRefine.Contracts.V1.Loop;
using DefectRefine.LabelStore;
using DefectRefine.LabelStore.Loop;
using Marten;

namespace DefectRefine.IntegrationTests.Loop;

/// <summary>
/// How every loop test ends, whatever it did to the system: the event streams hold every acknowledged answer exactly
/// once (and every undo), each answer's mask changes are refinements made for it by the labeller its token named,
/// nothing else changed a mask, and each mask equals the replay of its events.
/// </summary>
public static class LoopAudit
{
    public static async Task AssertEveryAnswerKeptOnceAsync(LoopFleet fleet, Guid projectId, Guid datasetId, IReadOnlyList<Guid> acknowledged, IReadOnlyList<Guid> undone, CancellationToken ct)
    {
        await using var session = fleet.Store.QuerySession();
        var records = await session.Query<AnswerRecord>().Where(a => a.ProjectId == projectId).ToListAsync(ct);
        Assert.Equal(acknowledged.Order(), records.Select(r => r.Id).Order());
        Assert.Equal(undone.Order(), records.Where(r => r.Undone).Select(r => r.Id).Order());

        var loopEvents = (await session.Events.FetchStreamAsync(projectId, token: ct)).Select(e => e.Data).ToList();
        Assert.Equal(acknowledged.Order(), loopEvents.OfType<AnswerRecorded>().Select(e => e.QueryId).Order());
        Assert.Equal(undone.Order(), loopEvents.OfType<AnswerUndone>().Select(e => e.QueryId).Order());

        await using var dataSource = Npgsql.NpgsqlDataSource.Create(fleet.Postgres);
        var counts = await new QueryBuffer(new LoopDatabase(fleet.Store, fleet.StoreOptions, dataSource)).CountsAsync(projectId, ct);
        Assert.Equal(records.Count, counts[QueryState.Answered]);

        // Every version an answer reported is a refinement made for that query; every undo reverted exactly those.
        var expectedChanges = 0;
        foreach (var record in records)
        {
            Assert.NotEmpty(record.Versions);
            expectedChanges += record.Versions.Count * (record.Undone ? 2 : 1);
            foreach (var version in record.Versions)
            {
                var @event = (await session.Events.FetchStreamAsync(version.ImageId, version: version.Version, fromVersion: version.Version, token: ct)).Single().Data;
                var context = @event switch
                {
                    CentrePixelsRefined e => e.Context,
                    PatchesRefined e => e.Context,
                    PatchesShifted e => e.Context,
                    _ => throw new Xunit.Sdk.XunitException($"Image {version.ImageId} v{version.Version} is {@event.GetType().Name}, not a refinement"),
                };
                Assert.Equal(record.Id, context.QueryId);
                // Who answered is the labeller the station's token named, recorded alike in the answer and the mask's event.
                Assert.Equal(record.User, context.Author.User);
            }
        }

        // Mask versions equal the answers applied, plus the model's refined-mask proposals: nothing but the import, the
        // answers, their undos and at most one proposal per image and model of this project changed a stream, and each
        // mask (both layers) is exactly the replay of its events.
        var images = await session.Query<MaskProjection>().Where(m => m.DatasetId == datasetId).ToListAsync(ct);
        await using var modelSource = Npgsql.NpgsqlDataSource.Create(fleet.Postgres);
        var models = (await new ModelCheckpointStore(new LoopDatabase(fleet.Store, fleet.StoreOptions, modelSource)).ListAsync(projectId, ct))
            .ToDictionary(m => m.Version, m => m.Round);
        var proposals = 0;
        foreach (var image in images)
        {
            var proposed = (await session.Events.FetchStreamAsync(image.Id, version: image.Version, token: ct)).Select(e => e.Data).OfType<RefinedMaskProposed>().ToList();
            Assert.Equal(proposed.Count, proposed.Select(p => p.ModelVersion).Distinct().Count());
            Assert.All(proposed, p => Assert.Equal(models[p.ModelVersion], p.Round));
            proposals += proposed.Count;
        }
        Assert.Equal(expectedChanges, images.Sum(m => (int)m.Version - 1) - proposals);
        foreach (var image in images.Where(m => m.Version > 1))
        {
            var replayed = await LabelHistory.ReplayAsync(session, fleet.StoreOptions, image.Id, image.Version, ct);
            Assert.NotNull(replayed);
            Assert.True(Enumerable.Range(0, image.Mask.PixelCount).All(i => image.Mask.Get(i) == replayed.Mask.Get(i)), $"image {image.Id} differs from its replay");
            Assert.Equal(image.RefinedMask, replayed.RefinedMask);
        }
    }
}
