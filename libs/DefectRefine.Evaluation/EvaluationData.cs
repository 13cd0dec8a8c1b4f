using DefectRefine.Imaging;
using DefectRefine.Masks;

namespace DefectRefine.Evaluation;

/// <summary>
/// Loads image and true-mask pairs matched by file stem. Images and masks may share a folder: there the masks are the
/// .png files and the images everything else (x.jpg + x.png). A mask is defect where its value exceeds the threshold.
/// </summary>
public static class EvaluationData
{
    private static readonly string[] ImageExtensions = [".jpg", ".jpeg", ".png", ".bmp", ".tif", ".tiff"];

    public static IReadOnlyList<EvaluationImage> Load(string imagesFolder, string masksFolder, byte threshold = 0, int? maxImages = null)
    {
        if (!Directory.Exists(imagesFolder))
            throw new DirectoryNotFoundException($"Images folder {imagesFolder} does not exist.");
        if (!Directory.Exists(masksFolder))
            throw new DirectoryNotFoundException($"Masks folder {masksFolder} does not exist.");
        var shared = Path.GetFullPath(imagesFolder) == Path.GetFullPath(masksFolder);
        var images = Directory.EnumerateFiles(imagesFolder)
            .Where(f => ImageExtensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
            .Where(f => !shared || !Path.GetExtension(f).Equals(".png", StringComparison.OrdinalIgnoreCase))
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToList();
        if (images.Count == 0)
            throw new InvalidDataException($"No images in {imagesFolder}.");
        var missing = images.Where(f => !File.Exists(MaskPath(masksFolder, f))).Select(Path.GetFileName).ToList();
        if (missing.Count > 0)
            throw new InvalidDataException($"{missing.Count} image(s) have no mask PNG of the same stem in {masksFolder}, e.g. {string.Join(", ", missing.Take(5))}.");

        // Spread over the sorted files rather than the first N: datasets are often sorted by defect class.
        var selected = maxImages is { } max && max < images.Count
            ? Enumerable.Range(0, Math.Max(0, max)).Select(i => images[(int)((long)i * images.Count / max)])
            : images;
        return [.. selected.Select(path =>
        {
            try
            {
                var pixels = ImageDecoder.DecodeGrayscale(File.ReadAllBytes(path));
                var truth = MaskPng.Decode(File.ReadAllBytes(MaskPath(masksFolder, path)), threshold);
                if (truth.Width != pixels.Width || truth.Height != pixels.Height)
                    throw new InvalidDataException($"is {pixels.Width}x{pixels.Height} but its mask is {truth.Width}x{truth.Height}");
                return new EvaluationImage(Path.GetFileNameWithoutExtension(path), pixels, truth);
            }
            catch (Exception error) when (error is InvalidDataException or ImageDecodeException or MaskFormatException)
            {
                throw new InvalidDataException($"{Path.GetFileName(path)}: {error.Message}", error);
            }
        })];
    }

    /// <summary>A seeded split into training and test images; at least one of each.</summary>
    public static (IReadOnlyList<EvaluationImage> Train, IReadOnlyList<EvaluationImage> Test) Split(IReadOnlyList<EvaluationImage> images, double testFraction, int seed)
    {
        if (testFraction is <= 0 or >= 1)
            throw new ArgumentException($"--test-fraction must be in (0, 1), not {testFraction}.");
        if (images.Count < 2)
            throw new ArgumentException("Splitting needs at least 2 images.");
        var shuffled = images.ToArray();
        new Random(seed).Shuffle(shuffled);
        var test = Math.Clamp((int)Math.Round(images.Count * testFraction), 1, images.Count - 1);
        return (shuffled[test..], shuffled[..test]);
    }

    private static string MaskPath(string masksFolder, string image) => Path.Combine(masksFolder, Path.GetFileNameWithoutExtension(image) + ".png");
}
