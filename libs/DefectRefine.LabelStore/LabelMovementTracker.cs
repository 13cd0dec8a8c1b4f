using System.Collections.Concurrent;
using DefectRefine.Contracts.V1.Labels;
using DefectRefine.Masks;
using DefectRefine.Masks.Progress;
using JasperFx.Events;
using Marten;

namespace DefectRefine.LabelStore;

/// <summary>
/// Finds the true masks of a dataset's images for evaluation (a folder in the demo); images it has no truth for are
/// left out of the scores. Called once per image, when the tracker first sees it.
/// </summary>
public delegate IReadOnlyDictionary<Guid, BinaryMask> TruthLookup(IReadOnlyList<ImageRecord> images);

/// <summary>A dataset's images (by file name) and how far their labels have moved.</summary>
public sealed record DatasetMovement(IReadOnlyList<ImageRecord> Images, MovementSnapshot Movement);

/// <summary>
/// How far a dataset's labels have moved (<see cref="LabelMovement"/>), read from the mask streams and kept per
/// dataset, so that a page polling every few seconds fetches only the events recorded since its last look.
/// </summary>
public sealed class LabelMovementTracker(IDocumentStore store)
{
    /// <summary>
    /// Events are fetched from this long before the newest one seen: a transaction that began earlier may commit
    /// after it. Versions already applied are skipped, and a gap in a stream refetches that stream.
    /// </summary>
    public static readonly TimeSpan LateCommitWindow = TimeSpan.FromSeconds(60);

    private readonly ConcurrentDictionary<Guid, Tracked> _datasets = new();

    public async Task<DatasetMovement> RefreshAsync(Guid datasetId, TruthLookup? truth, CancellationToken cancellationToken = default)
    {
        var tracked = _datasets.GetOrAdd(datasetId, _ => new Tracked());
        await tracked.Gate.WaitAsync(cancellationToken);
        try
        {
            await using var session = store.QuerySession();
            var images = await session.Query<ImageRecord>().Where(i => i.DatasetId == datasetId).OrderBy(i => i.FileName).ToListAsync(cancellationToken);
            var movement = tracked.Movement;
            var added = images.Where(i => movement.VersionOf(i.Id) == 0).ToList();
            var known = images.Where(i => movement.VersionOf(i.Id) > 0).Select(i => i.Id).ToArray();

            var events = new List<IEvent>();
            if (added.Count > 0)
                events.AddRange(await StreamsAsync(session, [.. added.Select(i => i.Id)], null, cancellationToken));
            if (known.Length > 0 && tracked.Newest is { } newest)
                events.AddRange(await StreamsAsync(session, known, newest - LateCommitWindow, cancellationToken));

            var fresh = events.Where(e => e.Version > movement.VersionOf(e.StreamId)).ToList();
            fresh.AddRange(await FillGapsAsync(session, fresh, movement, cancellationToken));
            var truths = added.Count > 0 && truth is not null ? truth(added) : new Dictionary<Guid, BinaryMask>();
            foreach (var e in fresh.DistinctBy(e => (e.StreamId, e.Version)).OrderBy(e => e.Sequence))
            {
                if (e.Data is MaskInitialised first)
                    movement.AddImage(e.StreamId, MaskRunLength.Decode(first.Width, first.Height, first.RunLengths), first.At, truths.GetValueOrDefault(e.StreamId));
                else if (e.Data is RefinedMaskProposed)
                    movement.Pass(e.StreamId, e.Version); // the model's layer: the labels did not move
                else
                    movement.Apply(ToChange(e));
                if (tracked.Newest is null || e.Timestamp > tracked.Newest)
                    tracked.Newest = e.Timestamp;
            }
            return new DatasetMovement(images, movement.Snapshot());
        }
        finally
        {
            tracked.Gate.Release();
        }
    }

    /// <summary>A label event as the calculator reads it. Every refinement so far is an expert's answer.</summary>
    public static MaskChange ToChange(IEvent e) => e.Data switch
    {
        CentrePixelsRefined r => Refined(e, r.Context, r.Flipped),
        PatchesRefined r => Refined(e, r.Context, r.Flipped),
        PatchesShifted r => Refined(e, r.Context, r.Flipped),
        RefinementReverted r => new MaskChange(e.StreamId, e.Version, r.At, ChangeSource.Expert, [.. LabelEvents.ToRuns(r.Flipped)], Undoes: r.RevertedVersion),
        _ => throw new InvalidOperationException($"{e.EventTypeName} (version {e.Version} of image {e.StreamId}) is not a mask change the label movement knows."),
    };

    private static MaskChange Refined(IEvent e, RefinementContext context, IReadOnlyList<PixelRunChange> flipped) =>
        new(e.StreamId, e.Version, context.AnsweredAt, ChangeSource.Expert, [.. LabelEvents.ToRuns(flipped)], AnswerId: context.QueryId, SessionId: context.SessionId);

    private static async Task<IReadOnlyList<IEvent>> StreamsAsync(IQuerySession session, Guid[] imageIds, DateTimeOffset? since, CancellationToken cancellationToken)
    {
        var query = session.Events.QueryAllRawEvents().Where(e => imageIds.Contains(e.StreamId));
        if (since is { } from)
            query = query.Where(e => e.Timestamp >= from);
        return await query.OrderBy(e => e.Sequence).ToListAsync(cancellationToken);
    }

    /// <summary>Events missing between what was applied and what was fetched (committed late, outside the window).</summary>
    private static async Task<IReadOnlyList<IEvent>> FillGapsAsync(IQuerySession session, IReadOnlyList<IEvent> fresh, LabelMovement movement, CancellationToken cancellationToken)
    {
        var missing = new List<IEvent>();
        foreach (var stream in fresh.GroupBy(e => e.StreamId))
        {
            var applied = movement.VersionOf(stream.Key);
            var versions = stream.Select(e => e.Version).ToHashSet();
            var lowest = applied + 1;
            if (Enumerable.Range(0, (int)(versions.Max() - applied)).All(i => versions.Contains(lowest + i)))
                continue;
            missing.AddRange(await session.Events.FetchStreamAsync(stream.Key, fromVersion: lowest, token: cancellationToken));
        }
        return missing;
    }

    private sealed class Tracked
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);
        public LabelMovement Movement { get; } = new();
        public DateTimeOffset? Newest { get; set; }
    }
}
