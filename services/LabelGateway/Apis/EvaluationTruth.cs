using DefectRefine.LabelStore;
using DefectRefine.Masks;

namespace DefectRefine.LabelGateway.Apis;

/// <summary>
/// The optional evaluation truth, setting Gateway:TruthFolder: a folder of true mask PNGs matched to images by file
/// name without extension (images/steel-0003.png ↔ masks/steel-0003.png). Only a generated or fully labelled dataset
/// has one (the demo sets it); it scores the labels and is never shown or used as a label.
/// </summary>
public sealed class EvaluationTruth(string? folder)
{
    public const string Setting = "Gateway:TruthFolder";

    public string? Folder { get; } = string.IsNullOrWhiteSpace(folder) ? null : folder;

    public static EvaluationTruth From(IConfiguration configuration) => new(configuration[Setting]);

    /// <summary>Why there is no score, or null when the folder is there.</summary>
    public string? Unavailable => Folder is null
        ? $"No F1 against the truth: true masks are known only in an evaluation (the demo sets {Setting})."
        : !Directory.Exists(Folder) ? $"No F1 against the truth: {Setting} names {Folder}, which does not exist." : null;

    /// <summary>True masks for the images that have one of their size; others are left out of the scores.</summary>
    public IReadOnlyDictionary<Guid, BinaryMask> Lookup(IReadOnlyList<ImageRecord> images)
    {
        if (Unavailable is not null)
            return new Dictionary<Guid, BinaryMask>();
        var files = Directory.EnumerateFiles(Folder!, "*.png", SearchOption.AllDirectories)
            .GroupBy(path => Path.GetFileNameWithoutExtension(path), StringComparer.Ordinal)
            .Where(group => group.Count() == 1)
            .ToDictionary(group => group.Key, group => group.Single(), StringComparer.Ordinal);
        var truth = new Dictionary<Guid, BinaryMask>();
        foreach (var image in images)
        {
            if (!files.TryGetValue(Path.GetFileNameWithoutExtension(image.FileName), out var path))
                continue;
            BinaryMask mask;
            try
            {
                mask = MaskPng.Decode(File.ReadAllBytes(path));
            }
            catch (MaskFormatException)
            {
                continue;
            }
            if (mask.Width == image.Width && mask.Height == image.Height)
                truth[image.Id] = mask;
        }
        return truth;
    }
}
