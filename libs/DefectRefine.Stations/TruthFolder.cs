using DefectRefine.Masks;

namespace DefectRefine.Stations;

/// <summary>An image of a dataset as the simulated expert needs it: id, file name and size.</summary>
public sealed record DatasetImage(Guid Id, string FileName, int Width, int Height);

/// <summary>
/// The true masks a simulated expert answers from: mask PNGs in a folder, matched to a dataset's images by file name
/// without extension (images/steel-0003.png ↔ masks/steel-0003.png), each checked against its image's size.
/// </summary>
public static class TruthFolder
{
    public static IReadOnlyDictionary<Guid, BinaryMask> Load(IEnumerable<DatasetImage> images, string folder)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"The truth folder {folder} does not exist.");
        var files = Directory.EnumerateFiles(folder, "*.png", SearchOption.AllDirectories)
            .GroupBy(path => Path.GetFileNameWithoutExtension(path), StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.ToList(), StringComparer.Ordinal);
        var truth = new Dictionary<Guid, BinaryMask>();
        var problems = new List<string>();
        foreach (var image in images)
        {
            var stem = Path.GetFileNameWithoutExtension(image.FileName);
            if (!files.TryGetValue(stem, out var matches))
            {
                problems.Add($"{image.FileName}: no {stem}.png in {folder}");
                continue;
            }
            if (matches.Count > 1)
            {
                problems.Add($"{image.FileName}: {matches.Count} files named {stem}.png in {folder}");
                continue;
            }
            var mask = MaskPng.Decode(File.ReadAllBytes(matches[0]));
            if (mask.Width != image.Width || mask.Height != image.Height)
                problems.Add($"{image.FileName}: the true mask is {mask.Width}x{mask.Height}, the image {image.Width}x{image.Height}");
            else
                truth[image.Id] = mask;
        }
        if (problems.Count > 0)
            throw new InvalidDataException($"The truth folder does not fit the dataset ({problems.Count} problem(s)): " + string.Join("; ", problems.Take(10)));
        return truth;
    }
}
