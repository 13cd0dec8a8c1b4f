using DefectRefine.Contracts.V1.Labels;
using DefectRefine.Learning.Acquisition;
using DefectRefine.Learning.Sampling;

namespace DefectRefine.UnitTests.Learning.Answers;

/// <summary>
/// A hand-built triplet query over two 40x30 images with 8px patches: the anchor (a defect in image A), 5 hardest
/// positives (candidates 0–4, shown as defect) and 5 hardest negatives (candidates 5–9, shown as background), some
/// from image B. Candidate 4 sits at A's bottom-left corner so its patch reaches past the image.
/// </summary>
internal static class AnswerQueries
{
    public const int PatchSize = 8;
    public static readonly Guid ImageA = new("aaaaaaaa-0000-0000-0000-000000000001");
    public static readonly Guid ImageB = new("bbbbbbbb-0000-0000-0000-000000000002");

    public static readonly (Guid ImageId, int X, int Y) Anchor = (ImageA, 10, 10);

    public static readonly (Guid ImageId, int X, int Y)[] Candidates =
    [
        (ImageA, 20, 10), (ImageA, 30, 10), (ImageB, 5, 5), (ImageB, 15, 5), (ImageA, 2, 27),
        (ImageA, 20, 20), (ImageB, 25, 5), (ImageB, 5, 20), (ImageA, 30, 20), (ImageB, 25, 20),
    ];

    public static Query Triplet()
    {
        var anchor = new QueryPatch(new PatchCentre(Anchor.ImageId, Anchor.X, Anchor.Y), CandidateRole.Anchor, CurrentLabel: true, 0, 0.5);
        var candidates = Candidates.Select((c, i) => new QueryPatch(
            new PatchCentre(c.ImageId, c.X, c.Y),
            i < 5 ? CandidateRole.HardestPositive : CandidateRole.HardestNegative,
            CurrentLabel: i < 5,
            Distance: i,
            DefectProbability: 0.5));
        return new Query(Guid.NewGuid(), "model-1", PatchSize, QueryStrategy.Triplet, anchor, [.. candidates]);
    }

    public static (int Width, int Height) ImageSize(Guid imageId) =>
        imageId == ImageA || imageId == ImageB ? (40, 30) : throw new ArgumentException($"Unknown image {imageId}.");

    public static RefinementContext Context(Query query) =>
        new(new LabelAuthor("station-1", "expert"), DateTimeOffset.UnixEpoch, Guid.Empty, query.Id, query.ModelVersion, query.CandidatesShown());
}
