using System.Globalization;

namespace DefectRefine.Annotations.Readers;

/// <summary>
/// One text file per image (same path below the labels folder, or beside the image), a line per box:
/// "class centreX centreY width height", all but the class fractions of the image in [0, 1]. An empty file is an
/// image without defects; a missing file is a problem, so a forgotten label is never read as "no defects".
/// </summary>
internal static class YoloReader
{
    // The class list that labelling tools write beside the label files; it labels no image.
    private const string ClassList = "classes.txt";

    public static List<AnnotatedImage> Read(ImportContext context)
    {
        var imagesFolder = context.Folder(context.Options.ImagesSubfolder, "images", "images");
        if (imagesFolder is null)
            return [];
        var labelsFolder = context.Options.AnnotationFile is null && !Directory.Exists(Path.Combine(context.Root, "labels"))
            ? imagesFolder
            : context.Folder(context.Options.AnnotationFile, "labels", "labels");
        if (labelsFolder is null)
            return [];

        var labelFiles = context.Files(labelsFolder, f => Path.GetExtension(f).Equals(".txt", StringComparison.OrdinalIgnoreCase), exclude: imagesFolder)
            .Where(f => !Path.GetFileName(f).Equals(ClassList, StringComparison.OrdinalIgnoreCase))
            .ToDictionary(f => ImageFiles.Key(labelsFolder, f), StringComparer.Ordinal);
        var result = new List<AnnotatedImage>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var group in context.Files(imagesFolder, ImageFiles.IsImage, exclude: labelsFolder).GroupBy(f => ImageFiles.Key(imagesFolder, f), StringComparer.Ordinal))
        {
            var image = group.First();
            if (group.Count() > 1)
            {
                context.Problem(context.Relative(image), $"{string.Join(", ", group.Select(context.Relative))} share one name and so one label file.");
                continue;
            }
            if (!labelFiles.TryGetValue(group.Key, out var labelFile))
            {
                context.Problem(context.Relative(image), $"has no label file {context.Relative(Path.Combine(labelsFolder, group.Key))}.txt (an image without defects needs an empty one).");
                continue;
            }
            used.Add(group.Key);
            if (Parse(context, labelFile) is { } boxes)
                result.Add(new AnnotatedImage(context.Relative(image), image, new YoloLabels(context.Relative(labelFile), boxes)));
        }
        foreach (var (key, labelFile) in labelFiles)
            if (!used.Contains(key))
                context.Problem(context.Relative(labelFile), "the label file has no image with the same name.");
        return result;
    }

    private static List<YoloBox>? Parse(ImportContext context, string path)
    {
        var file = context.Relative(path);
        if (!context.WithinCap(path, wholeFolder: false))
            return null;
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            context.Problem(file, $"cannot be read: {error.Message}");
            return null;
        }
        var before = context.ProblemCount;
        var boxes = new List<YoloBox>();
        for (var i = 0; i < lines.Length; i++)
            if (!string.IsNullOrWhiteSpace(lines[i]) && Line(context, file, lines[i], i + 1) is { } box)
                boxes.Add(box);
        return context.ProblemCount > before ? null : boxes;
    }

    private static YoloBox? Line(ImportContext context, string file, string text, int line)
    {
        var fields = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5)
        {
            context.Problem(file, $"expected 5 values 'class centreX centreY width height', found {fields.Length}.", line);
            return null;
        }
        if (!int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var classId))
        {
            context.Problem(file, $"the class '{fields[0]}' is not a non-negative whole number.", line);
            return null;
        }
        var values = new double[4];
        string[] names = ["centreX", "centreY", "width", "height"];
        for (var k = 0; k < 4; k++)
        {
            if (!double.TryParse(fields[k + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out values[k]) || !double.IsFinite(values[k]))
            {
                context.Problem(file, $"{names[k]} '{fields[k + 1]}' is not a number.", line);
                return null;
            }
            if (values[k] is < 0 or > 1)
            {
                context.Problem(file, $"{names[k]} {fields[k + 1]} lies outside [0, 1]; YOLO values are fractions of the image size.", line);
                return null;
            }
        }
        var (cx, cy, w, h) = (values[0], values[1], values[2], values[3]);
        if (w == 0 || h == 0)
        {
            context.Problem(file, "the box has no area (width or height 0).", line);
            return null;
        }
        // Rounding in the tools that wrote the file can push an edge a hair past the image; more is an error.
        const double tolerance = 1e-6;
        if (cx - (w / 2) < -tolerance || cx + (w / 2) > 1 + tolerance || cy - (h / 2) < -tolerance || cy + (h / 2) > 1 + tolerance)
        {
            context.Problem(file, $"the box (centre {cx}, {cy}, size {w} x {h}) reaches outside the image.", line);
            return null;
        }
        return new YoloBox(classId, cx, cy, w, h, line);
    }
}
