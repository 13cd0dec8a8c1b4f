using DefectRefine.Contracts.V1.Labels;
using DefectRefine.Masks;
using DefectRefine.Masks.Refined;
using JasperFx;
using JasperFx.Events;
using Marten;

namespace DefectRefine.LabelStore;

/// <summary>
/// Appends refinements and undos to mask streams. Each write reads the current projection, computes the exact pixel
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
        WriteOneAsync(batch => batch.RevertAsync(imageId, version, author, reason, cancellationToken), cancellationToken);

    /// <summary>
    /// Appends the model's refined mask of one image (<see cref="RefinedMaskProposed"/>): <paramref name="probability"/>
    /// composed with the initial labels as a prior and every expert answer in the stream as a hard constraint
    /// (<see cref="RefinedMaskComposer"/>). Decided on the stream as it is when written: an answer that lands meanwhile
    /// makes the write retry on the newer stream, so a proposal never contradicts an answer before it. Returns null,
    /// writing nothing, when this model version proposed for the image already (a redelivered round) or a later round
    /// of the same project did (a late one). <paramref name="learner"/> names the learner whose map it is, for the record.
    /// </summary>
    public Task<AppendResult?> ProposeRefinedAsync(Guid imageId, Guid projectId, string modelVersion, int round, float[] probability,
        string? learner = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelVersion);
        ArgumentNullException.ThrowIfNull(probability);
        return WriteTogetherAsync<AppendResult?>(async batch =>
        {
            var current = await batch.MaskAsync(imageId, cancellationToken);
            if (current.ProposedBy.Contains(modelVersion) || (current.RefinedProjectId == projectId && current.RefinedRound > round))
                return null;
            if (probability.Length != current.Width * current.Height)
                throw new LabelStoreException(LabelStoreFailure.Invalid, $"Image {imageId} is {current.Width}x{current.Height}; a map of {probability.Length} pixels does not fit it.");
            var events = await batch.Session.Events.FetchStreamAsync(imageId, version: current.Version, token: cancellationToken);
            var initialised = events.Select(e => e.Data).OfType<MaskInitialised>().First();
            var initial = MaskRunLength.Decode(initialised.Width, initialised.Height, initialised.RunLengths);
            var expert = ExpertAnswers.Layer(current.Width, current.Height, events.Select(e => (e.Version, e.Data)));
            var refined = RefinedMaskComposer.Compose(probability, initial, ExpertAnswers.PriorOf(initialised.Kind), expert);
            var proposal = new RefinedMaskProposed(imageId, projectId, modelVersion, round, current.Version, MaskRunLength.Encode(refined), DateTimeOffset.UtcNow, learner);
            return await batch.AppendAsync(imageId, _ => proposal, cancellationToken);
        }, cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="build"/> on a fresh batch and commits everything it queued in one transaction. When another
    /// writer appended to one of its streams first (or a table it reads was being created by another process at that
    /// moment), the whole batch is built again on the newer state, up to
    /// <see cref="LabelStoreOptions.MaxWriteAttempts"/> times; any other failure leaves nothing written.
    /// </summary>
    public async Task<T> WriteTogetherAsync<T>(Func<MaskBatch, Task<T>> build, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(build);
        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession();
            try
            {
                var result = await build(new MaskBatch(session, options));
                await session.SaveChangesAsync(cancellationToken);
                return result;
            }
            catch (Exception error) when ((IsConcurrencyConflict(error) || ConcurrentDdl.Caused(error)) && attempt < options.MaxWriteAttempts)
            {
                // Another station appended first, or another service was creating the same table the batch's first
                // read needed: back off a little (jittered, so two retries do not collide again) and decide again.
                await Task.Delay(Random.Shared.Next(5, 20 * attempt), cancellationToken);
            }
            catch (Exception error) when (IsConcurrencyConflict(error))
            {
                throw new LabelStoreException(LabelStoreFailure.Conflict,
                    $"The masks kept changing under this write; gave up after {attempt} attempts. Nothing was written.");
            }
        }
    }

    private async Task<AppendResult> WriteOneAsync(Func<MaskBatch, Task<AppendResult>> append, CancellationToken cancellationToken)
    {
        var attempts = 0;
        var result = await WriteTogetherAsync(async batch =>
        {
            attempts++;
            return await append(batch);
        }, cancellationToken);
        return result with { Attempts = attempts };
    }

    private Task<AppendResult> AppendAsync(Guid imageId, Func<MaskProjection, IQuerySession, Task<object>> decide, CancellationToken cancellationToken) =>
        WriteOneAsync(async batch =>
        {
            var current = await batch.MaskAsync(imageId, cancellationToken);
            var @event = await decide(current, batch.Session);
            return await batch.AppendAsync(imageId, _ => @event, cancellationToken);
        }, cancellationToken);

    internal static bool IsConcurrencyConflict(Exception error) =>
        error is ConcurrencyException or EventStreamUnexpectedMaxEventIdException
        || error.InnerException is ConcurrencyException or EventStreamUnexpectedMaxEventIdException;

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
