using DefectRefine.Contracts.V1.Labels;
using DefectRefine.Masks;
using JasperFx.Events;
using Marten;

namespace DefectRefine.LabelStore;

/// <summary>
/// Changes to one or more mask streams, and anything else queued on <see cref="Session"/>, that commit in one
/// PostgreSQL transaction: an answer touching five images is kept whole or not at all. Each stream is read once, at
/// the version the batch appends after; a later append to the same stream in the batch sees the earlier ones.
/// Built by <see cref="MaskWriter.WriteTogetherAsync{T}"/>, which retries the whole batch when another writer won.
/// </summary>
public sealed class MaskBatch
{
    private readonly LabelStoreOptions _options;
    private readonly Dictionary<Guid, (IEventStream<MaskProjection> Stream, MaskProjection Working)> _streams = [];

    internal MaskBatch(IDocumentSession session, LabelStoreOptions options)
    {
        Session = session;
        _options = options;
    }

    public IDocumentSession Session { get; }

    /// <summary>The mask as this batch will have left it so far (the stored one if the batch has not touched it).</summary>
    public async Task<MaskProjection> MaskAsync(Guid imageId, CancellationToken cancellationToken = default) =>
        (await StreamAsync(imageId, cancellationToken)).Working;

    /// <summary>Appends the event <paramref name="decide"/> makes from the current mask; returns the stream's new version.</summary>
    public async Task<AppendResult> AppendAsync(Guid imageId, Func<MaskProjection, object> decide, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(decide);
        var (stream, working) = await StreamAsync(imageId, cancellationToken);
        var @event = decide(working);
        stream.AppendOne(@event);
        var version = working.Version + 1;
        var next = working.Copy();
        next.ApplyEvent(@event, version);
        _streams[imageId] = (stream, next);
        if (version % _options.CheckpointInterval == 0)
            Session.Store(new MaskCheckpoint { Id = MaskCheckpoint.IdFor(imageId, version), ImageId = imageId, Version = version, State = next.Copy() });
        return new AppendResult(imageId, version, LabelEvents.PixelCount(LabelEvents.FlippedBy(@event)), 1);
    }

    /// <summary>
    /// Undoes the refinement at <paramref name="version"/>: its pixels that still hold the label it gave them return to
    /// their earlier label; pixels a later answer changed again keep that later answer.
    /// </summary>
    public async Task<AppendResult> RevertAsync(Guid imageId, long version, LabelAuthor author, string reason, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(reason))
            throw new LabelStoreException(LabelStoreFailure.Invalid, "An undo needs a reason (it is part of the audit trail).");
        var current = await MaskAsync(imageId, cancellationToken);
        if (version < 1 || version > current.Version)
            throw new LabelStoreException(LabelStoreFailure.NotFound, $"Image {imageId} has no version {version} (current version {current.Version}).");
        var target = (await Session.Events.FetchStreamAsync(imageId, version: version, fromVersion: version, token: cancellationToken)).Single();
        if (!LabelEvents.IsRefinement(target.Data))
            throw new LabelStoreException(LabelStoreFailure.Conflict, $"Version {version} is {target.EventTypeName}, not a refinement; only refinements can be undone.");
        if (current.RevertedVersions.Contains(version))
            throw new LabelStoreException(LabelStoreFailure.Conflict, $"Version {version} of image {imageId} has already been undone.");

        var afterTarget = await LabelHistory.ReplayAsync(Session, _options, imageId, version, cancellationToken)
            ?? throw LabelStoreException.MaskNotFound(imageId);
        var now = current.Mask;
        var stillHeld = new List<PixelRun>();
        foreach (var run in LabelEvents.ToRuns(LabelEvents.FlippedBy(target.Data)))
            for (var index = run.Start; index < run.End; index++)
                if (now.Get(index) == afterTarget.Mask.Get(index))
                    AddPixel(stillHeld, index);
        var reverted = new RefinementReverted(imageId, version, author, DateTimeOffset.UtcNow, reason.Trim(), LabelEvents.ToChanges(stillHeld));
        return await AppendAsync(imageId, _ => reverted, cancellationToken);
    }

    private async Task<(IEventStream<MaskProjection> Stream, MaskProjection Working)> StreamAsync(Guid imageId, CancellationToken cancellationToken)
    {
        if (_streams.TryGetValue(imageId, out var known))
            return known;
        var stream = await Session.Events.FetchForWriting<MaskProjection>(imageId, cancellationToken);
        var current = stream.Aggregate ?? throw LabelStoreException.MaskNotFound(imageId);
        _streams[imageId] = (stream, current);
        return (stream, current);
    }

    private static void AddPixel(List<PixelRun> runs, int index)
    {
        if (runs.Count > 0 && runs[^1].End == index)
            runs[^1] = runs[^1] with { Length = runs[^1].Length + 1 };
        else
            runs.Add(new PixelRun(index, 1));
    }
}
