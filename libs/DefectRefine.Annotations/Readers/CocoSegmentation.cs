using System.Text.Json;
using DefectRefine.Masks;

namespace DefectRefine.Annotations.Readers;

/// <summary>A COCO "segmentation": polygons [[x1, y1, x2, y2, ...], ...] or RLE {"size": [h, w], "counts": [...] or "..."}.</summary>
internal static class CocoSegmentation
{
    public static (IReadOnlyList<IReadOnlyList<(double X, double Y)>> Polygons, IReadOnlyList<int>? Counts) Read(
        JsonElement segmentation, int width, int height, List<string> problems)
    {
        switch (segmentation.ValueKind)
        {
            case JsonValueKind.Null:
                return ([], null);
            case JsonValueKind.Array:
                return (Polygons(segmentation, problems), null);
            case JsonValueKind.Object:
                return ([], Rle(segmentation, width, height, problems));
            default:
                problems.Add("segmentation must be a list of polygons or an RLE object.");
                return ([], null);
        }
    }

    private static List<IReadOnlyList<(double X, double Y)>> Polygons(JsonElement array, List<string> problems)
    {
        var polygons = new List<IReadOnlyList<(double X, double Y)>>();
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var at = $"segmentation polygon {index++}";
            var values = CocoJson.Numbers(item);
            if (values is null)
                problems.Add($"{at} is not a list of numbers (polygons are nested: [[x1, y1, x2, y2, ...]]).");
            else if (values.Count % 2 != 0)
                problems.Add($"{at} has an odd number of coordinates ({values.Count}); they come in x, y pairs.");
            else if (values.Count < 6)
                problems.Add($"{at} has {values.Count / 2} point(s); a polygon needs at least 3.");
            else
                polygons.Add([.. Enumerable.Range(0, values.Count / 2).Select(i => (values[2 * i], values[(2 * i) + 1]))]);
        }
        return polygons;
    }

    private static int[]? Rle(JsonElement rle, int width, int height, List<string> problems)
    {
        var size = rle.TryGetProperty("size", out var sizeElement) ? CocoJson.Numbers(sizeElement) : null;
        if (size is not { Count: 2 })
        {
            problems.Add("RLE segmentation needs \"size\": [height, width].");
            return null;
        }
        if (size[0] != height || size[1] != width)
        {
            problems.Add($"RLE size [{size[0]}, {size[1]}] does not match the image's [height, width] = [{height}, {width}].");
            return null;
        }
        int[] counts;
        try
        {
            counts = rle.TryGetProperty("counts", out var countsElement) ? Counts(countsElement) : throw new MaskFormatException("RLE segmentation has no \"counts\".");
        }
        catch (MaskFormatException error)
        {
            problems.Add(error.Message);
            return null;
        }
        var total = counts.Sum(c => (long)c);
        if (total != (long)width * height)
        {
            problems.Add($"RLE counts sum to {total}, but a {width}x{height} image has {(long)width * height} pixels.");
            return null;
        }
        return counts;
    }

    private static int[] Counts(JsonElement counts)
    {
        if (counts.ValueKind == JsonValueKind.String)
            return CocoRle.ParseCounts(counts.GetString()!);
        var values = CocoJson.Numbers(counts) ?? throw new MaskFormatException("RLE \"counts\" must be a list of whole numbers or a compressed string.");
        if (values.Any(v => v < 0 || v > int.MaxValue || v != Math.Floor(v)))
            throw new MaskFormatException("RLE \"counts\" must be non-negative whole numbers.");
        return [.. values.Select(v => (int)v)];
    }
}
