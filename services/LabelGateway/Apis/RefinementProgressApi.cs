using DefectRefine.LabelStore;
using DefectRefine.LabelStore.Loop;
using DefectRefine.Masks.Progress;
using DefectRefine.Security;

namespace DefectRefine.LabelGateway.Apis;

/// <summary>What one source changed: changes kept and undone, pixels flipped, flipped back by undos, and still flipped.</summary>
public sealed record RefinementLayer(int Changes, int Undone, long PixelsFlipped, long PixelsUndone, long PixelsKept);

public sealed record RefinementScore(double? F1, double? Precision, double? Recall);

/// <summary>The masks' pixel F1 after <paramref name="Step"/> answers and undos; <paramref name="NewSession"/> marks a session's first answer.</summary>
public sealed record RefinementPoint(int Step, DateTimeOffset At, string Kind, bool NewSession, double? F1);

/// <summary>
/// All images' masks against the evaluation truth, summed over the images that have one; of their pixels that now
/// differ from the initial labels, how many agree with the truth and how many do not.
/// </summary>
public sealed record RefinementTruth(int ImagesWithTruth, RefinementScore Initial, RefinementScore Now, long ChangedAgreeing, long ChangedDisagreeing,
    IReadOnlyList<RefinementPoint> Series);

public sealed record ImageRefinement(
    Guid ImageId,
    string FileName,
    long Version,
    int DefectPixelsInitial,
    int DefectPixelsNow,
    int PixelsChanged,
    RefinementLayer Experts,
    double? F1Initial,
    double? F1Now,
    int? ChangedAgreeing,
    IReadOnlyList<double?> F1Series);

/// <summary>
/// How far a project's labels have moved from the initial ones. <see cref="PixelsChanged"/> counts pixels whose label
/// now differs from the first mask; the layers tally each source's flips. <see cref="Model"/> stays null (with
/// <see cref="ModelNote"/>) until the model writes refined masks; <see cref="Truth"/> is null (with
/// <see cref="TruthNote"/>) unless an evaluation truth is set.
/// </summary>
public sealed record RefinementProgress(
    Guid ProjectId,
    Guid DatasetId,
    int Images,
    int ImagesChanged,
    long PixelsChanged,
    RefinementLayer Experts,
    RefinementLayer? Model,
    string? ModelNote,
    RefinementTruth? Truth,
    string? TruthNote,
    IReadOnlyList<ImageRefinement> PerImage);

/// <summary>GET /api/projects/{id}/refinement: the numbers behind the status page's and the station's refinement panels.</summary>
public static class RefinementProgressApi
{
    public const string NoModelLayer = "none yet (the Miner proposes a refined mask for every image after each training round, as a layer of its own beside the experts' labels)";

    /// <summary>Enough points for a plot a few hundred pixels wide; the first and the last are always kept.</summary>
    public const int MaxSeriesPoints = 300;
    public const int MaxImageSeriesPoints = 60;

    public static IEndpointRouteBuilder MapRefinementProgressApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/projects/{projectId:guid}/refinement", async (Guid projectId, ProjectLoops loops, LabelMovementTracker tracker, ImageCatalog catalog, IConfiguration configuration, CancellationToken ct) =>
            Results.Ok(await ReadAsync(projectId, loops, tracker, catalog, EvaluationTruth.From(configuration), ct)))
            .WithTags("Projects").RequireAuthorization(Policies.Read);
        return app;
    }

    public static async Task<RefinementProgress> ReadAsync(Guid projectId, ProjectLoops loops, LabelMovementTracker tracker, ImageCatalog catalog, EvaluationTruth truth, CancellationToken ct)
    {
        var loop = await loops.GetAsync(projectId, ct);
        // The model's refined masks are a layer of their own, never changes to the labels these figures follow.
        var refined = await catalog.RefinedLayerAsync(loop.DatasetId, ct);
        var (images, movement) = await tracker.RefreshAsync(loop.DatasetId, truth.Lookup, ct);
        var names = images.ToDictionary(i => i.Id, i => i.FileName);
        var model = movement.BySource[ChangeSource.Model];
        return new RefinementProgress(projectId, loop.DatasetId, movement.Images, movement.ImagesChanged, movement.PixelsChanged,
            Layer(movement.BySource[ChangeSource.Expert]),
            model.Changes + model.Undone > 0 ? Layer(model) : null,
            model.Changes + model.Undone > 0 ? null : refined.Refined == 0 ? NoModelLayer : $"a layer of their own beside the experts' labels (exports give them): {refined.Describe()}",
            Truth(movement),
            TruthNote(movement, truth),
            [.. movement.PerImage.OrderBy(i => names.GetValueOrDefault(i.ImageId, ""), StringComparer.Ordinal).Select(i => new ImageRefinement(
                i.ImageId, names.GetValueOrDefault(i.ImageId, ""), i.Version, i.DefectPixelsInitial, i.DefectPixelsNow, i.PixelsChanged,
                Layer(i.BySource[ChangeSource.Expert]), i.Initial?.F1, i.Now?.F1, i.ChangedAgreeingWithTruth,
                [.. LabelMovement.Thin(i.Series, MaxImageSeriesPoints).Select(p => p.Score.F1)]))]);
    }

    private static RefinementLayer Layer(SourceMovement s) => new(s.Changes, s.Undone, s.PixelsFlipped, s.PixelsUndone, s.PixelsKept);

    private static RefinementScore Score(PixelScore s) => new(s.F1, s.Precision, s.Recall);

    private static RefinementTruth? Truth(MovementSnapshot movement)
    {
        if (movement.Initial is not { } initial || movement.Now is not { } now)
            return null;
        var points = new List<RefinementPoint>(movement.Series.Count);
        Guid? session = null;
        foreach (var p in movement.Series)
        {
            var newSession = p.SessionId is { } id && id != session && session is not null;
            session = p.SessionId ?? session;
            points.Add(new RefinementPoint(p.Step, p.At, p.Kind, newSession, p.Score.F1));
        }
        return new RefinementTruth(movement.ImagesWithTruth, Score(initial), Score(now), movement.ChangedAgreeingWithTruth ?? 0,
            movement.ChangedDisagreeingWithTruth ?? 0, LabelMovement.Thin(points, MaxSeriesPoints));
    }

    private static string? TruthNote(MovementSnapshot movement, EvaluationTruth truth) =>
        truth.Unavailable is { } why ? why
        : movement.ImagesWithTruth == 0 ? $"No F1 against the truth: none of the {movement.Images} images has a true mask of its size in {truth.Folder}."
        : movement.ImagesWithTruth < movement.Images ? $"F1 over the {movement.ImagesWithTruth} of {movement.Images} images that have a true mask in {truth.Folder}."
        : null;
}
