using DefectRefine.Contracts.V1.Labels;
using DefectRefine.Masks;
using JasperFx.Events;
using Marten;

namespace DefectRefine.LabelStore;

/// <summary>
/// The auditor's view: an image's history, its mask at any version or time, diffs, and a dataset at a time. Replays
/// start from the nearest checkpoint, so any version costs at most one checkpoint interval of events.
/// </summary>
public sealed class LabelHistory(IDocumentStore store, LabelStoreOptions options)
{
    public async Task<IReadOnlyList<HistoryEntry>> ListAsync(Guid imageId, CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession();
        var events = await session.Events.FetchStreamAsync(imageId, token: cancellationToken);
        if (events.Count == 0)
            throw LabelStoreException.MaskNotFound(imageId);
        return Describe(events);
    }

    public async Task<MaskProjection> AtVersionAsync(Guid imageId, long version, CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession();
        var current = await session.LoadAsync<MaskProjection>(imageId, cancellationToken) ?? throw LabelStoreException.MaskNotFound(imageId);
        if (version < 1 || version > current.Version)
            throw new LabelStoreException(LabelStoreFailure.NotFound, $"Image {imageId} has versions 1..{current.Version}, not {version}.");
        if (version == current.Version)
            return current;
        return await ReplayAsync(session, options, imageId, version, cancellationToken) ?? throw LabelStoreException.MaskNotFound(imageId);
    }

    /// <summary>The mask as it was at <paramref name="at"/> (the last event recorded at or before it); null if the image had no mask yet.</summary>
    public async Task<MaskProjection?> AtTimeAsync(Guid imageId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession();
        var version = await VersionAtAsync(session, imageId, at, cancellationToken);
        return version == 0 ? null : await ReplayAsync(session, options, imageId, version, cancellationToken);
    }

    public async Task<MaskDiff> DiffAsync(Guid imageId, long fromVersion, long toVersion, CancellationToken cancellationToken = default)
    {
        if (fromVersion > toVersion)
            (fromVersion, toVersion) = (toVersion, fromVersion);
        var from = await AtVersionAsync(imageId, fromVersion, cancellationToken);
        var to = await AtVersionAsync(imageId, toVersion, cancellationToken);
        var changed = to.Mask.DifferenceFrom(from.Mask);
        var becameDefect = changed.Sum(run => Enumerable.Range(run.Start, run.Length).Count(to.Mask.Get));

        await using var session = store.QuerySession();
        var between = toVersion > fromVersion
            ? await session.Events.FetchStreamAsync(imageId, version: toVersion, fromVersion: fromVersion + 1, token: cancellationToken)
            : [];
        var total = changed.Sum(run => run.Length);
        return new MaskDiff(imageId, fromVersion, toVersion, total, becameDefect, total - becameDefect,
            LabelEvents.ToChanges(changed), Describe(between));
    }

    /// <summary>Every image of a dataset with its mask as it was at <paramref name="at"/>.</summary>
    public async Task<IReadOnlyList<MaskAtTime>> DatasetAtTimeAsync(Guid datasetId, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        await StreamDatasetAtTimeAsync(datasetId, at, cancellationToken).ToListAsync(cancellationToken);

    /// <summary>
    /// The same, one image at a time in file-name order: each mask is replayed when it is asked for, so an export holds
    /// one mask, not the dataset's. The dataset is looked up at the first step (NotFound then).
    /// </summary>
    public async IAsyncEnumerable<MaskAtTime> StreamDatasetAtTimeAsync(Guid datasetId, DateTimeOffset at, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession();
        _ = await session.LoadAsync<Dataset>(datasetId, cancellationToken)
            ?? throw new LabelStoreException(LabelStoreFailure.NotFound, $"No dataset {datasetId}.");
        var images = await session.Query<ImageRecord>().Where(image => image.DatasetId == datasetId)
            .OrderBy(image => image.FileName).ToListAsync(cancellationToken);
        foreach (var image in images)
        {
            var version = await VersionAtAsync(session, image.Id, at, cancellationToken);
            yield return new MaskAtTime(image, version == 0 ? null : await ReplayAsync(session, options, image.Id, version, cancellationToken));
        }
    }

    /// <summary>Rebuilds the projection at <paramref name="version"/> from the nearest checkpoint at or below it.</summary>
    public static async Task<MaskProjection?> ReplayAsync(IQuerySession session, LabelStoreOptions options, Guid imageId, long version, CancellationToken cancellationToken)
    {
        var checkpoint = await session.Query<MaskCheckpoint>()
            .Where(c => c.ImageId == imageId && c.Version <= version)
            .OrderByDescending(c => c.Version)
            .FirstOrDefaultAsync(cancellationToken);
        var state = checkpoint?.State.Copy() ?? new MaskProjection();
        var fromVersion = (checkpoint?.Version ?? 0) + 1;
        if (fromVersion > version)
            return state;
        var events = await session.Events.FetchStreamAsync(imageId, version: version, fromVersion: fromVersion, token: cancellationToken);
        if (events.Count == 0 && checkpoint is null)
            return null;
        foreach (var @event in events)
            state.ApplyEvent(@event.Data, @event.Version);
        return state;
    }

    private static async Task<long> VersionAtAsync(IQuerySession session, Guid imageId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var versions = await session.Events.QueryAllRawEvents()
            .Where(e => e.StreamId == imageId && e.Timestamp <= at)
            .OrderByDescending(e => e.Version)
            .Select(e => e.Version)
            .Take(1)
            .ToListAsync(cancellationToken);
        return versions.Count == 0 ? 0 : versions[0];
    }

    private static List<HistoryEntry> Describe(IReadOnlyList<IEvent> events)
    {
        var revertedBy = events.Where(e => e.Data is RefinementReverted)
            .ToDictionary(e => ((RefinementReverted)e.Data).RevertedVersion, e => e.Version);
        return [.. events.Select(e => Describe(e, revertedBy.TryGetValue(e.Version, out var by) ? by : null))];
    }

    /// <summary>Who set the model's layer: "model" at the station, the model version as the user, the round as why.</summary>
    public const string ModelStation = "model";

    /// <summary>"refined mask by model 3f2a… (training round 2), pixel learner": how the history names a proposal's author.</summary>
    public static string DescribeProposal(RefinedMaskProposed proposal)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        var by = proposal.Learner is null ? "" : $", {proposal.Learner} learner";
        return $"refined mask by model {proposal.ModelVersion} (training round {proposal.Round}){by}";
    }

    private static HistoryEntry Describe(IEvent e, long? revertedBy)
    {
        var flipped = LabelEvents.PixelCount(LabelEvents.FlippedBy(e.Data));
        return e.Data switch
        {
            RefinedMaskProposed p => new HistoryEntry(e.Version, nameof(RefinedMaskProposed), e.Timestamp, ModelStation, $"model {p.ModelVersion}", null, null,
                p.ModelVersion, MaskRunLengthDefects(p.RunLengths),
                $"{DescribeProposal(p)}: {MaskRunLengthDefects(p.RunLengths)} defect pixel(s), held to the expert's labels of version {p.ExpertVersion}; the expert's layer is unchanged",
                revertedBy, p),
            MaskInitialised m => new HistoryEntry(e.Version, nameof(MaskInitialised), e.Timestamp, m.Author.Station, m.Author.User, null, null, null,
                MaskRunLengthDefects(m.RunLengths), DescribeInitial(m), revertedBy, m),
            CentrePixelsRefined r => Refinement(e, r.Context, flipped, CentrePixels(r), revertedBy),
            PatchesRefined r => Refinement(e, r.Context, flipped, $"{r.Labels.Count} whole {r.PatchSize}px patch(es) labelled", revertedBy),
            PatchesShifted r => Refinement(e, r.Context, flipped, $"{r.Shifts.Count} patch(es) shifted onto a clicked defect", revertedBy),
            RefinementReverted r => new HistoryEntry(e.Version, nameof(RefinementReverted), e.Timestamp, r.Author.Station, r.Author.User, null, null, null,
                flipped, $"undid version {r.RevertedVersion}: {r.Reason}", revertedBy, r),
            _ => new HistoryEntry(e.Version, e.EventTypeName, e.Timestamp, "", "", null, null, null, flipped, e.EventTypeName, revertedBy, e.Data),
        };
    }

    /// <summary>
    /// The first event in words an auditor can trust: what the labels are ("Boxes (3)" or "Segmentation mask"), and
    /// where they came from; simulated labels say SIMULATED, the simulator and its seed.
    /// "Boxes (2), 256x256, SIMULATED by simulation:expert-roi (seed 42, image seed 7), from roi/steel-0000.xml".
    /// </summary>
    public static string DescribeInitial(MaskInitialised initialised)
    {
        ArgumentNullException.ThrowIfNull(initialised);
        var (origin, size) = (initialised.Origin, $"{initialised.Width}x{initialised.Height}");
        var what = initialised.Kind switch
        {
            InitialMaskKind.Roi => $"Boxes ({initialised.Boxes.Count}), {size},",
            InitialMaskKind.Noise => $"Noise mask {size}",
            _ => $"Segmentation mask {size}",
        };
        var seeds = new List<string>();
        if (origin.Parameters.TryGetValue("seed", out var seed))
            seeds.Add($"seed {seed}");
        if (origin.Parameters.TryGetValue("imageSeed", out var imageSeed))
            seeds.Add($"image seed {imageSeed}");
        var reproduce = seeds.Count > 0 ? $" ({string.Join(", ", seeds)})" : "";
        var how = origin.Simulated ? $" SIMULATED by {origin.Source}{reproduce}" : $" from {origin.Source}{reproduce}";
        var file = origin.File is { Length: > 0 } name ? $", {(origin.Simulated ? "from" : "file")} {name}" : "";
        return what + how + file;
    }

    private static HistoryEntry Refinement(IEvent e, RefinementContext context, int flipped, string summary, long? revertedBy) =>
        new(e.Version, e.Data.GetType().Name, e.Timestamp, context.Author.Station, context.Author.User, context.SessionId, context.QueryId,
            context.ModelVersion, flipped, $"{summary}; {context.CandidatesShown.Count} candidate(s) shown", revertedBy, e.Data);

    private static int MaskRunLengthDefects(IReadOnlyList<int> runLengths)
    {
        var defects = 0;
        for (var i = 1; i < runLengths.Count; i += 2)
            defects += runLengths[i];
        return defects;
    }

    private static string CentrePixels(CentrePixelsRefined refined) => refined.Propagation is { } reach
        ? $"{refined.Labels.Count} centre pixel(s) labelled, reaching {reach.Regions.Sum(r => MaskRunLength.CountSet(r.RunLengths))} more px by {reach.Method} propagation on model {reach.ModelVersion}'s map"
        : $"{refined.Labels.Count} centre pixel(s) labelled";
}
