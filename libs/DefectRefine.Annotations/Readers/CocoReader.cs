using System.Text.Json;
using DefectRefine.Masks;

namespace DefectRefine.Annotations.Readers;

/// <summary>
/// One COCO JSON: images[{id, file_name, width, height}] and annotations[{image_id, bbox [x, y, w, h], segmentation as
/// polygons [[x, y, ...]] or RLE {size [h, w], counts}}]. Every image listed is imported, those without annotations as
/// all background; polygons reaching past the image are clipped to it. Problems name the entry, e.g.
/// "annotations[12] (id 45)", since JSON elements carry no line numbers.
/// </summary>
internal static class CocoReader
{
    // COCO's float boxes are often a hair past the image edge; this much is rounding, more is an error.
    private const double Tolerance = 0.01;

    private sealed record Image(long Id, string FileName, int Width, int Height, List<CocoRegion> Regions);

    public static List<AnnotatedImage> Read(ImportContext context)
    {
        if (FindJson(context) is not { } jsonPath || !context.WithinCap(jsonPath, wholeFolder: true))
            return [];
        var file = context.Relative(jsonPath);
        JsonDocument document;
        try
        {
            using var stream = File.OpenRead(jsonPath);
            document = JsonDocument.Parse(stream);
        }
        catch (JsonException error)
        {
            context.Problem(file, $"is not valid JSON: {error.Message}", error.LineNumber is { } line ? (int)line + 1 : null);
            return [];
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            context.Problem(file, $"cannot be read: {error.Message}");
            return [];
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("images", out var imagesArray) || imagesArray.ValueKind != JsonValueKind.Array)
            {
                context.Problem(file, "is not a COCO file: it needs an object with an \"images\" array.");
                return [];
            }
            var images = ReadImages(context, file, imagesArray);
            if (root.TryGetProperty("annotations", out var annotations))
            {
                if (annotations.ValueKind == JsonValueKind.Array)
                    ReadAnnotations(context, file, annotations, images);
                else
                    context.Problem(file, "\"annotations\" is not an array.");
            }
            return Locate(context, file, images.Values);
        }
    }

    private static string? FindJson(ImportContext context)
    {
        if (context.Options.AnnotationFile is { } configured)
        {
            var full = context.Resolve(configured, configured);
            if (full is not null && !File.Exists(full))
                context.Problem(configured, "the COCO JSON file does not exist.");
            return full is not null && File.Exists(full) ? full : null;
        }
        foreach (var folder in new[] { context.Root, Path.Combine(context.Root, "annotations") })
        {
            if (!Directory.Exists(folder))
                continue;
            var candidates = Directory.GetFiles(folder, "*.json", new EnumerationOptions { AttributesToSkip = FileAttributes.Hidden }).Order(StringComparer.Ordinal).ToList();
            if (candidates.Count == 1)
                return context.Resolve(context.Relative(candidates[0]), context.Relative(candidates[0]));
            if (candidates.Count > 1)
            {
                context.Problem(context.Relative(folder), $"holds several JSON files ({string.Join(", ", candidates.Select(Path.GetFileName))}); name the COCO file to import.");
                return null;
            }
        }
        context.Problem(".", "no COCO JSON file: expected exactly one *.json in the folder or in annotations/.");
        return null;
    }

    private static SortedDictionary<long, Image> ReadImages(ImportContext context, string file, JsonElement array)
    {
        var images = new SortedDictionary<long, Image>();
        var index = 0;
        foreach (var element in array.EnumerateArray())
        {
            var at = $"images[{index++}]";
            var id = CocoJson.Long(element, "id");
            var fileName = CocoJson.String(element, "file_name");
            var (width, height) = (CocoJson.Int(element, "width"), CocoJson.Int(element, "height"));
            if (id is null || fileName is null || width is not > 0 || height is not > 0)
                context.Problem(file, $"{at}: needs a whole-number \"id\", a \"file_name\" and positive whole-number \"width\" and \"height\".");
            else if (!images.TryAdd(id.Value, new Image(id.Value, fileName, width.Value, height.Value, [])))
                context.Problem(file, $"{at}: the image id {id} is used twice.");
        }
        return images;
    }

    private static void ReadAnnotations(ImportContext context, string file, JsonElement array, SortedDictionary<long, Image> images)
    {
        var index = 0;
        foreach (var element in array.EnumerateArray())
        {
            var id = CocoJson.Long(element, "id");
            var at = id is { } known ? $"annotations[{index}] (id {known})" : $"annotations[{index}]";
            index++;
            var imageId = CocoJson.Long(element, "image_id");
            if (imageId is null || !images.TryGetValue(imageId.Value, out var image))
            {
                context.Problem(file, imageId is null ? $"{at}: has no whole-number \"image_id\"." : $"{at}: image_id {imageId} is not in \"images\".");
                continue;
            }
            var problems = new List<string>();
            var box = element.TryGetProperty("bbox", out var bbox) ? Box(bbox, image, problems) : null;
            var (polygons, counts) = element.TryGetProperty("segmentation", out var segmentation)
                ? CocoSegmentation.Read(segmentation, image.Width, image.Height, problems)
                : ([], null);
            if (problems.Count == 0 && box is null && polygons.Count == 0 && counts is null)
                problems.Add("has neither a bbox nor a segmentation.");
            foreach (var problem in problems)
                context.Problem(file, $"{at}: {problem}");
            if (problems.Count == 0)
                image.Regions.Add(new CocoRegion(id ?? index - 1, box, polygons, counts));
        }
    }

    private static PixelBox? Box(JsonElement bbox, Image image, List<string> problems)
    {
        if (bbox.ValueKind == JsonValueKind.Null)
            return null;
        var values = CocoJson.Numbers(bbox);
        if (values is not { Count: 4 })
        {
            problems.Add("bbox must be 4 numbers [x, y, width, height].");
            return null;
        }
        var (x, y, w, h) = (values[0], values[1], values[2], values[3]);
        if (w <= 0 || h <= 0)
        {
            problems.Add($"bbox [{x}, {y}, {w}, {h}] has no area.");
            return null;
        }
        if (x < -Tolerance || y < -Tolerance || x + w > image.Width + Tolerance || y + h > image.Height + Tolerance)
        {
            problems.Add($"bbox [{x}, {y}, {w}, {h}] lies outside the {image.Width}x{image.Height} image.");
            return null;
        }
        var (left, top) = ((int)Math.Clamp(Math.Floor(x + Tolerance), 0, image.Width - 1), (int)Math.Clamp(Math.Floor(y + Tolerance), 0, image.Height - 1));
        var (right, bottom) = ((int)Math.Clamp(Math.Ceiling(x + w - Tolerance), left + 1, image.Width), (int)Math.Clamp(Math.Ceiling(y + h - Tolerance), top + 1, image.Height));
        return new PixelBox(left, top, right - left, bottom - top);
    }

    private static List<AnnotatedImage> Locate(ImportContext context, string file, IEnumerable<Image> images)
    {
        var imagesFolder = context.Options.ImagesSubfolder;
        var result = new List<AnnotatedImage>();
        var seen = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var image in images)
        {
            var at = $"image id {image.Id} ('{image.FileName}')";
            // Without a configured folder, file names are tried from the root and then from images/.
            string[] candidates = imagesFolder is null ? [image.FileName, "images/" + image.FileName] : [Path.Combine(imagesFolder, image.FileName)];
            string? full = null;
            foreach (var candidate in candidates)
            {
                if (SafePath.TryResolve(context.Root, candidate, out var resolved) is { } unsafePath)
                {
                    context.Problem(file, $"{at}: file_name {unsafePath}");
                    break;
                }
                if (File.Exists(resolved))
                {
                    full = resolved;
                    break;
                }
                if (candidate == candidates[^1])
                    context.Problem(file, $"{at}: the image file is not in the folder{(imagesFolder is null ? " nor in images/" : $" {imagesFolder}")}.");
            }
            if (full is null)
                continue;
            var relative = context.Relative(full);
            if (!seen.TryAdd(relative, image.Id))
            {
                context.Problem(file, $"{at}: image id {seen[relative]} already names {relative}.");
                continue;
            }
            if (ImageFiles.TryReadSize(full) is var (width, height) && (width != image.Width || height != image.Height))
                context.Problem(file, $"{at}: declared {image.Width}x{image.Height}, but {relative} is {width}x{height}.");
            result.Add(new AnnotatedImage(relative, full, new CocoLabels(file, image.Width, image.Height, image.Regions)));
        }
        return result;
    }
}
