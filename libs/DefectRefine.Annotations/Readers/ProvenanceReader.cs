using System.Text.Json;
using DefectRefine.Masks;

namespace DefectRefine.Annotations.Readers;

/// <summary>
/// Reads a generator's provenance record (the steel generator's generation.json) and attaches it to the images whose
/// label files it names, so their labels are recorded as SIMULATED with the simulator's parameters and seeds. Only the
/// files the record names are marked: a person's labels beside them stay a person's. A VOC file that says a simulator
/// made it but that no record names is refused, so simulated boxes never enter the store as a person's.
/// </summary>
internal static class ProvenanceReader
{
    public const string DefaultFile = "generation.json";

    public static List<AnnotatedImage> Apply(ImportContext context, List<AnnotatedImage> images)
    {
        var record = Locate(context);
        var named = record is null ? [] : Read(context, record.Value.Relative, record.Value.Full, explicitly: context.Options.Provenance is not null);
        var result = new List<AnnotatedImage>(images.Count);
        foreach (var image in images)
        {
            var file = image.Labels.SourceFile;
            if (file is not null && named.TryGetValue(file, out var entry))
            {
                if (!Path.GetFileNameWithoutExtension(image.RelativePath).Equals(entry.Name, StringComparison.Ordinal))
                    context.Problem(file, $"{record!.Value.Relative} records it as the labels of '{entry.Name}', but it labels {image.RelativePath}.");
                else
                    result.Add(image with { Provenance = entry.Provenance });
            }
            else if (image.Labels is BoxLabels { SimulatedBy: { } claim })
            {
                context.Problem(image.Labels.SourceFile ?? image.RelativePath, record is null
                    ? $"says its boxes were made by {claim}, but the folder has no provenance record ({DefaultFile}) with the simulator's parameters and seed; import the folder the generator wrote, {DefaultFile} included."
                    : $"says its boxes were made by {claim}, but {record.Value.Relative} does not name this file.");
            }
            else if (context.Options.Provenance is not null && record is not null)
            {
                context.Problem(file ?? image.RelativePath, $"is not named by {record.Value.Relative}; an import with an explicit provenance record takes only the labels it names.");
            }
            else
            {
                result.Add(image);
            }
        }
        return result;
    }

    private static (string Relative, string Full)? Locate(ImportContext context)
    {
        var configured = context.Options.Provenance;
        var relative = configured ?? DefaultFile;
        if (context.Resolve(relative, relative) is not { } full)
            return null;
        if (File.Exists(full))
            return (context.Relative(full), full);
        if (configured is not null)
            context.Problem(configured, "the provenance record does not exist.");
        return null;
    }

    private sealed record Named(string Name, LabelProvenance Provenance);

    /// <summary>
    /// The files the record names. A generation.json found by default that is no generator's record (another tool's
    /// file of that name) names nothing rather than blocking a person's import; a VOC file claiming to be simulated is
    /// still refused then, so the mark is not lost that way.
    /// </summary>
    private static Dictionary<string, Named> Read(ImportContext context, string relative, string full, bool explicitly)
    {
        var named = new Dictionary<string, Named>(StringComparer.Ordinal);
        try
        {
            if (!context.WithinCap(full, wholeFolder: true))
                return named;
            using var document = JsonDocument.Parse(File.ReadAllBytes(full));
            if (!explicitly && !IsRecord(document.RootElement))
                return named;
            var root = document.RootElement;
            var generator = String(root, "generator");
            var images = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("images", out var list) && list.ValueKind == JsonValueKind.Array ? list : default;
            if (generator is null || images.ValueKind != JsonValueKind.Array)
            {
                context.Problem(relative, "is not a generator's provenance record: it needs \"generator\" and an \"images\" array.");
                return named;
            }
            var folder = Path.GetDirectoryName(full)!;
            var common = new Dictionary<string, string>
            {
                ["generator"] = generator,
                ["generatorAlgorithmVersion"] = String(root, "algorithmVersion") ?? "",
                ["provenance"] = relative,
            };
            if (root.TryGetProperty("options", out var options) && options.ValueKind == JsonValueKind.Object && options.TryGetProperty("seed", out var seed))
                common["datasetSeed"] = seed.ToString();
            var index = 0;
            foreach (var image in images.EnumerateArray())
            {
                index++;
                if (Entry(context, relative, folder, image, index, common) is { } entry)
                {
                    if (!named.TryAdd(entry.File, entry.Named))
                        context.Problem(relative, $"names {entry.File} twice (images[{index - 1}]).");
                }
            }
        }
        catch (JsonException) when (!explicitly)
        {
            // Another tool's generation.json, not a generator's record: it names nothing (see the summary).
        }
        catch (JsonException error)
        {
            context.Problem(relative, $"is not valid JSON: {error.Message}", error.LineNumber is { } line ? (int)line + 1 : null);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            context.Problem(relative, $"cannot be read: {error.Message}");
        }
        return named;
    }

    private static (string File, Named Named)? Entry(ImportContext context, string relative, string folder, JsonElement image, int position, Dictionary<string, string> common)
    {
        var name = String(image, "name");
        if (name is null || !image.TryGetProperty("roi", out var roi) || roi.ValueKind != JsonValueKind.Object)
            return null; // An image without simulated labels: its labels, if any, are not the simulator's.
        var where = $"images[{position - 1}] ({name})";
        if (!roi.TryGetProperty("boxes", out var boxList) || boxList.ValueKind != JsonValueKind.Array
            || !roi.TryGetProperty("parameters", out var parameterList) || parameterList.ValueKind != JsonValueKind.Object)
        {
            context.Problem(relative, $"{where}: the roi needs \"boxes\" and \"parameters\".");
            return null;
        }
        var boxes = new List<PixelBox>();
        foreach (var box in boxList.EnumerateArray())
        {
            if (Int(box, "x") is not { } x || Int(box, "y") is not { } y || Int(box, "width") is not { } w || Int(box, "height") is not { } h || w <= 0 || h <= 0)
            {
                context.Problem(relative, $"{where}: a box needs whole x, y and positive width, height.");
                return null;
            }
            boxes.Add(new PixelBox(x, y, w, h));
        }
        var parameters = new Dictionary<string, string>(common);
        foreach (var parameter in parameterList.EnumerateObject())
            parameters[parameter.Name] = parameter.Value.ValueKind == JsonValueKind.String ? parameter.Value.GetString()! : parameter.Value.ToString();
        if (!parameters.TryGetValue("simulation", out var simulation) || string.IsNullOrWhiteSpace(simulation))
        {
            context.Problem(relative, $"{where}: the roi parameters do not name the \"simulation\" that made the boxes.");
            return null;
        }
        parameters["image"] = name;
        if (image.TryGetProperty("seed", out var imageSeed))
            parameters["imageSeed"] = imageSeed.ToString();
        // Records written before the boxes were written as VOC files held them as the mask roi/NAME.png.
        var file = String(roi, "file") ?? $"roi/{name}.png";
        if (context.Resolve(context.Relative(Path.Combine(folder, file)), relative) is not { } full)
            return null;
        var provenance = new LabelProvenance("simulation:" + simulation, relative, boxes, parameters);
        return (context.Relative(full), new Named(name, provenance));
    }

    private static bool IsRecord(JsonElement root) =>
        String(root, "generator") is not null && root.TryGetProperty("images", out var images) && images.ValueKind == JsonValueKind.Array;

    private static string? String(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int? Int(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number)
            ? number
            : null;
}
