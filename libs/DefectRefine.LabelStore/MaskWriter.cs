using DefectRefine.Contracts.V1.Labels;
using DefectRefine.Masks;
using JasperFx;
using JasperFx.Events;
using Marten;

namespace DefectRefine.LabelStore;

/// <summary>
/// Appends refinements and undos to a mask stream. Each write reads the current projection, computes the exact pixel
/// flips against it and appends at the version it read; when another writer got there first the whole decision is
/// taken again on the newer mask, so concurrent answers are all kept and none is computed on a stale mask.
/// </summary>
public sealed class MaskWriter(IDocumentStore store, LabelStoreOptions options)
{
    public Task<AppendResult> RefineCentrePixelsAsync(Guid imageId, RefinementContext context, IReadOnlyList<PatchLabel> labels, CancellationToken cancellationToken = default) =>
        AppendAsync(imageId, (mask, _) =>
        {
            RequireInside(mask, labels.Select(label => (label.X, label.Y)));
            var working = mask.Mask.Clone();
            var flipped = MaskRefinement.CentrePixels(working, labels.Select(label => (label.X, label.Y, label.Defect)));
            return Task.FromResult<object>(new CentrePixelsRefined(imageId, context, labels, LabelEvents.ToChanges(flipped)));
        }, cancellationToken);

    public Task<AppendResult> RefinePatchesAsync(Guid imageId, RefinementContext context, int patchSize, IReadOnlyList<PatchLabel> labels, CancellationToken cancellationToken = default) =>
        AppendAsync(imageId, (mask, _) =>
        {
            RequirePatchSize(patchSize);
            RequireInside(mask, labels.Select(label => (label.X, label.Y)));
            var working = mask.Mask.Clone();
            var flipped = MaskRefinement.WholePatches(working, labels.Select(label => (label.X, label.Y, label.Defect)), patchSize);
            return Task.FromResult<object>(new PatchesRefined(imageId, context, patchSize, labels, LabelEvents.ToChanges(flipped)));
        }, cancellationToken);

    public Task<AppendResult> ShiftAsync(Guid imageId, RefinementContext context, int patchSize, IReadOnlyList<ShiftLabel> shifts, CancellationToken cancellationToken = default) =>
        AppendAsync(imageId, (mask, _) =>
        {
            RequirePatchSize(patchSize);
            RequireInside(mask, shifts.Select(shift => (shift.PatchX, shift.PatchY)));
            RequireInside(mask, shifts.Select(shift => (shift.X, shift.Y)));
            var working = mask.Mask.Clone();
            IReadOnlyList<PixelRun> flipped;
            try
            {
                flipped = MaskRefinement.Shifts(working, shifts.Select(shift => (shift.PatchX, shift.PatchY, shift.X, shift.Y)), patchSize);
            }
            catch (ArgumentOutOfRangeException error)
            {
                throw new LabelStoreException(LabelStoreFailure.Invalid, error.Message.Split(" (Parameter")[0]);
            }
            return Task.FromResult<object>(new PatchesShifted(imageId, context, shifts, LabelEvents.ToChanges(flipped)));
        }, cancellationToken);

    /// <summary>
    /// Undoes the refinement at <paramref name="version"/>: its pixels that still hold the label it gave them return to
    /// their earlier label; pixels a later answer changed again keep that later answer.
    /// </summary>
    public Task<AppendResult> RevertAsync(Guid imageId, long version, LabelAuthor author, string reason, CancellationToken cancellationToken = default) =>
        AppendAsync(imageId, async (current, session) =>
        {
            if (string.IsNullOrWhiteSpace(reason))
                throw new LabelStoreException(LabelStoreFailure.Invalid, "An undo needs a reason (it is part of the audit trail).");
            if (version < 1 || version > current.Version)
                throw new LabelStoreException(LabelStoreFailure.NotFound, $"Image {imageId} has no version {version} (current version {current.Version}).");
            var target = (await session.Events.FetchStreamAsync(imageId, version: version, fromVersion: version, token: cancellationToken)).Single();
            if (!LabelEvents.IsRefinement(target.Data))
                throw new LabelStoreException(LabelStoreFailure.Conflict, $"Version {version} is {target.EventTypeName}, not a refinement; only refinements can be undone.");
            if (current.RevertedVersions.Contains(version))
                throw new LabelStoreException(LabelStoreFailure.Conflict, $"Version {version} of image {imageId} has already been undone.");

            var afterTarget = await LabelHistory.ReplayAsync(session, options, imageId, version, cancellationToken)
                ?? throw LabelStoreException.MaskNotFound(imageId);
            var now = current.Mask;
            var stillHeld = new List<PixelRun>();
            foreach (var run in LabelEvents.ToRuns(LabelEvents.FlippedBy(target.Data)))
                for (var index = run.Start; index < run.End; index++)
                    if (now.Get(index) == afterTarget.Mask.Get(index))
                        AddPixel(stillHeld, index);
            return new RefinementReverted(imageId, version, author, DateTimeOffset.UtcNow, reason.Trim(), LabelEvents.ToChanges(stillHeld));
        }, cancellationToken);

    private async Task<AppendResult> AppendAsync(Guid imageId, Func<MaskProjection, IQuerySession, Task<object>> decide, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession();
            var stream = await session.Events.FetchForWriting<MaskProjection>(imageId, cancellationToken);
            var current = stream.Aggregate ?? throw LabelStoreException.MaskNotFound(imageId);
            var @event = await decide(current, session);
            stream.AppendOne(@event);

            var newVersion = current.Version + 1;
            if (newVersion % options.CheckpointInterval == 0)
            {
                var state = current.Copy();
                state.ApplyEvent(@event, newVersion);
                session.Store(new MaskCheckpoint { Id = MaskCheckpoint.IdFor(imageId, newVersion), ImageId = imageId, Version = newVersion, State = state });
            }

            try
            {
                await session.SaveChangesAsync(cancellationToken);
                return new AppendResult(imageId, newVersion, LabelEvents.PixelCount(LabelEvents.FlippedBy(@event)), attempt);
            }
            catch (Exception error) when (IsConcurrencyConflict(error) && attempt < options.MaxWriteAttempts)
            {
                // Another station appended first: back off a little (jittered, so two retries do not collide again).
                await Task.Delay(Random.Shared.Next(5, 20 * attempt), cancellationToken);
            }
            catch (Exception error) when (IsConcurrencyConflict(error))
            {
                throw new LabelStoreException(LabelStoreFailure.Conflict,
                    $"Image {imageId} kept changing under this write; gave up after {attempt} attempts. Nothing was written.");
            }
        }
    }

    private static bool IsConcurrencyConflict(Exception error) =>
        error is ConcurrencyException or EventStreamUnexpectedMaxEventIdException
        || error.InnerException is ConcurrencyException or EventStreamUnexpectedMaxEventIdException;

    private static void AddPixel(List<PixelRun> runs, int index)
    {
        if (runs.Count > 0 && runs[^1].End == index)
            runs[^1] = runs[^1] with { Length = runs[^1].Length + 1 };
        else
            runs.Add(new PixelRun(index, 1));
    }

    private static void RequirePatchSize(int patchSize)
    {
        if (patchSize is < 1 or > 1024)
            throw new LabelStoreException(LabelStoreFailure.Invalid, $"Patch size {patchSize} is outside 1..1024.");
    }

    private static void RequireInside(MaskProjection mask, IEnumerable<(int X, int Y)> points)
    {
        var any = false;
        foreach (var (x, y) in points)
            if (x < 0 || y < 0 || x >= mask.Width || y >= mask.Height)
            {
                throw new LabelStoreException(LabelStoreFailure.Invalid, $"Pixel ({x}, {y}) is outside the {mask.Width}x{mask.Height} image {mask.Id}.");
            }
            else
            {
                any = true;
            }
        if (!any)
            throw new LabelStoreException(LabelStoreFailure.Invalid, "A refinement needs at least one labelled patch.");
    }
}
