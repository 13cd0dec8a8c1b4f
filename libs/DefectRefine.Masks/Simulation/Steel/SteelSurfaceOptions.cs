using System.Diagnostics.CodeAnalysis;

namespace DefectRefine.Masks.Simulation.Steel;

/// <summary>
/// What <see cref="SteelSurfaceGenerator"/> draws. Every image has between <see cref="MinDefects"/> and
/// <see cref="MaxDefects"/> defects covering between <see cref="MinDefectShare"/> and <see cref="MaxDefectShare"/> of
/// its pixels, so patch sampling finds both classes in every image.
/// </summary>
public sealed record SteelSurfaceOptions
{
    public const int MinSide = 16;
    public const int MaxSide = 4096;
    public const int MaxDefectsLimit = 20;

    public int Width { get; init; } = 200;

    public int Height { get; init; } = 200;

    /// <summary>Image i is drawn from <c>Seed + i * 0x9E3779B97F4A7C15</c>, so it is the same whatever the count.</summary>
    public ulong Seed { get; init; } = 1;

    public int MinDefects { get; init; } = 1;

    public int MaxDefects { get; init; } = 3;

    /// <summary>The fraction of an image's pixels that are defect lies in [Min, Max].</summary>
    public double MinDefectShare { get; init; } = 0.02;

    public double MaxDefectShare { get; init; } = 0.20;

    /// <summary>Each defect's kind is drawn uniformly from these; at least one, defects only.</summary>
    public IReadOnlyList<SteelFeatureKind> DefectKinds { get; init; } = SteelFeatureKinds.Defects;

    /// <summary>Each of these artefacts appears in an image with probability <see cref="ArtefactProbability"/>; may be empty.</summary>
    public IReadOnlyList<SteelFeatureKind> ArtefactKinds { get; init; } = SteelFeatureKinds.Artefacts;

    public double ArtefactProbability { get; init; } = 0.5;

    /// <summary>Standard deviation of the fine grain, in grey levels: 0 for a clean surface, 6 for a typical hot-rolled strip.</summary>
    public double NoiseLevel { get; init; } = 6;

    /// <summary>How the simulated expert boxes the defects. Its seed is ignored: each image draws its own.</summary>
    public ExpertRoiOptions Roi { get; init; } = new();

    /// <summary>Throws <see cref="ArgumentException"/> naming the first option that is out of range and why.</summary>
    public void Validate()
    {
        Require(Width is >= MinSide and <= MaxSide, nameof(Width), $"must be {MinSide}..{MaxSide} pixels, got {Width}.");
        Require(Height is >= MinSide and <= MaxSide, nameof(Height), $"must be {MinSide}..{MaxSide} pixels, got {Height}.");
        Require(MinDefects is >= 1 and <= MaxDefectsLimit, nameof(MinDefects),
            $"must be 1..{MaxDefectsLimit}, got {MinDefects}: every image needs at least one defect.");
        Require(MaxDefects >= MinDefects && MaxDefects <= MaxDefectsLimit, nameof(MaxDefects),
            $"must be {MinDefects} (MinDefects)..{MaxDefectsLimit}, got {MaxDefects}.");
        Require(MinDefectShare is >= 0.001 and <= 0.5, nameof(MinDefectShare), $"must lie in [0.001, 0.5], got {MinDefectShare}.");
        // A narrower window can be missed by every layout: a defect's pixel count cannot be tuned one pixel at a time.
        Require(MaxDefectShare <= 0.6 && MaxDefectShare - MinDefectShare >= 0.01, nameof(MaxDefectShare),
            $"must lie in [MinDefectShare + 0.01, 0.6] = [{Math.Round(MinDefectShare + 0.01, 6)}, 0.6], got {MaxDefectShare}.");
        RequireKinds(DefectKinds, nameof(DefectKinds), defects: true);
        RequireKinds(ArtefactKinds, nameof(ArtefactKinds), defects: false);
        Require(ArtefactProbability is >= 0 and <= 1, nameof(ArtefactProbability), $"must lie in [0, 1], got {ArtefactProbability}.");
        Require(NoiseLevel is >= 0 and <= 64, nameof(NoiseLevel), $"must lie in [0, 64] grey levels, got {NoiseLevel}.");
        Require(Roi is not null, nameof(Roi), $"must not be null.");
        Roi.Validate();
    }

    private static void RequireKinds(IReadOnlyList<SteelFeatureKind>? kinds, string name, bool defects)
    {
        var (what, allowed) = defects ? ("a defect", SteelFeatureKinds.Defects) : ("an artefact", SteelFeatureKinds.Artefacts);
        var allowedNames = string.Join(", ", allowed);
        Require(kinds is not null, name, $"must not be null.");
        Require(!defects || kinds.Count > 0, name, $"is empty, but every image needs a defect: enable at least one of {allowedNames}.");
        foreach (var kind in kinds)
            Require(allowed.Contains(kind), name, $"holds {kind}, which is not {what}; the choices are {allowedNames}.");
        Require(kinds.Distinct().Count() == kinds.Count, name, $"lists a kind more than once: {string.Join(", ", kinds)}.");
    }

    private static void Require([DoesNotReturnIf(false)] bool condition, string option, FormattableString message)
    {
        if (!condition)
            throw new ArgumentException(option + " " + FormattableString.Invariant(message), option);
    }
}
