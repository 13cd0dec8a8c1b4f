using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using DefectRefine.Imaging;

namespace DefectRefine.Masks.Simulation.Steel;

/// <summary>
/// Writes a SYNTHETIC steel data set in the layout the bulk importer reads as it is: images/steel-0000.png with its
/// true mask masks/steel-0000.png (<c>ImportFolder</c>'s MaskPng format), optionally the simulated expert's boxes
/// roi/steel-0000.xml (Pascal VOC with the annotations folder "roi", marked as simulated), and generation.json, the
/// provenance record an import reads to mark those boxes simulated with the simulator's parameters and seed
/// (<see cref="SteelSurfaceManifestRoi.File"/> names each box file). Everything goes into a
/// hidden sibling folder that is renamed into place at the end, so a failed or cancelled run leaves nothing
/// half-written behind.
/// </summary>
public static class SteelSurfaceDatasetWriter
{
    public const string ImagesFolder = "images";
    public const string MasksFolder = "masks";
    public const string RoiFolder = "roi";
    public const string ManifestFile = "generation.json";
    public const int MaxCount = 100_000;
    public const string Note = "SYNTHETIC: generated steel-surface images with exact true masks, not photographs of real steel";

    private static readonly JsonSerializerOptions _json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>
    /// Generates images 0..<paramref name="count"/>-1 into <paramref name="folder"/>. Throws
    /// <see cref="ArgumentException"/> for bad options or count, and <see cref="IOException"/> when the folder already
    /// holds something and <paramref name="replace"/> is false; nothing is written in either case.
    /// </summary>
    public static SteelSurfaceManifest Write(string folder, SteelSurfaceOptions options, int count, bool writeRoi,
        bool replace = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (count is < 1 or > MaxCount)
            throw new ArgumentException($"The count must be 1..{MaxCount}, got {count}.", nameof(count));
        var target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        if (File.Exists(target))
            throw new IOException($"{target} is a file, not a folder.");
        if (!replace && IsOccupied(target))
            throw new IOException($"{target} is not empty; refusing to write into it.");
        var parent = Path.GetDirectoryName(target) ?? throw new ArgumentException($"{target} has no parent folder to stage the data set in.", nameof(folder));
        Directory.CreateDirectory(parent);

        var staging = Path.Combine(parent, $".{Path.GetFileName(target)}.partial-{Guid.NewGuid():N}");
        try
        {
            var manifest = WriteInto(staging, options, count, writeRoi, cancellationToken);
            Publish(staging, target);
            return manifest;
        }
        catch
        {
            DeleteQuietly(staging);
            throw;
        }
    }

    /// <summary>Whether <paramref name="folder"/> exists and holds anything: such a folder is only replaced on request.</summary>
    public static bool IsOccupied(string folder) => Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any();

    /// <summary>"steel-0007": four digits at least, more when the count needs them, so names sort in index order.</summary>
    public static string ImageName(int index, int count)
    {
        var digits = Math.Max(4, (count - 1).ToString(CultureInfo.InvariantCulture).Length);
        return "steel-" + index.ToString("D" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    private static SteelSurfaceManifest WriteInto(string root, SteelSurfaceOptions options, int count, bool writeRoi, CancellationToken cancellationToken)
    {
        foreach (var sub in writeRoi ? new[] { ImagesFolder, MasksFolder, RoiFolder } : [ImagesFolder, MasksFolder])
            Directory.CreateDirectory(Path.Combine(root, sub));
        var entries = new List<SteelSurfaceManifestEntry>(count);
        for (var index = 0; index < count; index++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var image = SteelSurfaceGenerator.Generate(options, index);
            var file = ImageName(index, count) + ".png";
            File.WriteAllBytes(Path.Combine(root, ImagesFolder, file), ImageEncoder.EncodePng(new GrayscaleImage(image.Width, image.Height, image.Pixels)));
            File.WriteAllBytes(Path.Combine(root, MasksFolder, file), MaskPng.Encode(image.Truth));
            SteelSurfaceManifestRoi? roi = null;
            if (writeRoi)
            {
                var roiFile = $"{RoiFolder}/{ImageName(index, count)}.xml";
                using (var xml = File.Create(Path.Combine(root, roiFile)))
                    SimulatedRoiVoc.Write(xml, file, image.Width, image.Height, image.Roi.Boxes, ManifestFile);
                roi = new SteelSurfaceManifestRoi(image.Roi.Boxes, image.Roi.Parameters, roiFile);
            }
            entries.Add(new SteelSurfaceManifestEntry(ImageName(index, count), index, image.Seed, image.DefectShare, image.Features, roi));
        }
        var manifest = new SteelSurfaceManifest(SteelSurfaceGenerator.GeneratorName, SteelSurfaceGenerator.AlgorithmVersion, Note, options, writeRoi, entries);
        File.WriteAllText(Path.Combine(root, ManifestFile), JsonSerializer.Serialize(manifest, _json));
        return manifest;
    }

    private static void Publish(string staging, string target)
    {
        if (!Directory.Exists(target))
        {
            Directory.Move(staging, target);
            return;
        }
        // A folder cannot be renamed over another: set the old one aside, move the new one in, then delete the old one.
        var aside = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.replaced-{Guid.NewGuid():N}");
        Directory.Move(target, aside);
        try
        {
            Directory.Move(staging, target);
        }
        catch
        {
            Directory.Move(aside, target);
            throw;
        }
        DeleteQuietly(aside);
    }

    private static void DeleteQuietly(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            // A leftover hidden folder is untidy but harmless; the error that got us here matters more.
        }
    }
}
