using System.Text.Json;

namespace DefectRefine.Annotations.Readers;

/// <summary>Lenient-typed reads of COCO fields: null when absent or of the wrong kind, so the caller can say which.</summary>
internal static class CocoJson
{
    public static long? Long(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var result)
            ? result
            : null;

    public static int? Int(JsonElement element, string name) =>
        Long(element, name) is { } value && value is >= int.MinValue and <= int.MaxValue ? (int)value : null;

    public static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : null;

    /// <summary>The array's numbers, or null if it is not an array of finite numbers.</summary>
    public static List<double>? Numbers(JsonElement array)
    {
        if (array.ValueKind != JsonValueKind.Array)
            return null;
        var numbers = new List<double>(array.GetArrayLength());
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetDouble(out var value) || !double.IsFinite(value))
                return null;
            numbers.Add(value);
        }
        return numbers;
    }
}
