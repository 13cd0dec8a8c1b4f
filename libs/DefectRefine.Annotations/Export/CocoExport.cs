using System.Text.Json;
using DefectRefine.Masks;

namespace DefectRefine.Annotations.Export;

/// <summary>
/// Writes masks as COCO JSON: one annotation per 8-connected defect region, with its bbox, its area and its pixels as
/// compressed RLE (pycocotools' string), all in the single category "defect". iscrowd is 0: these are separate
/// defects, not crowd regions that COCO evaluation would ignore. The output holds no timestamps, so the same masks
/// always give the same bytes.
/// </summary>
public static class CocoExport
{
    private const int DefectCategory = 1;

    private sealed record Region(long ImageId, int Width, int Height, MaskComponent Component, string Counts);

    public static void Write(Stream output, IEnumerable<ExportedMask> masks)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(masks);
        using var json = new Utf8JsonWriter(output);
        var writer = new Writer(json);
        foreach (var item in masks)
            writer.Add(item);
        writer.Finish();
    }

    /// <summary>
    /// Writes the JSON one image at a time, so a caller can stream it: each <see cref="Add"/> writes the image entry
    /// and keeps only its regions' RLE strings (the annotations array follows the images array), not its mask.
    /// </summary>
    public sealed class Writer
    {
        private readonly Utf8JsonWriter _json;
        private readonly List<Region> _regions = [];
        private long _imageId;

        public Writer(Utf8JsonWriter json)
        {
            _json = json ?? throw new ArgumentNullException(nameof(json));
            json.WriteStartObject();
            json.WriteStartObject("info");
            json.WriteString("description", "DefectRefine masks: one annotation per connected defect region");
            json.WriteString("version", "1");
            json.WriteEndObject();
            json.WriteStartArray("licenses");
            json.WriteEndArray();
            json.WriteStartArray("images");
        }

        public void Add(ExportedMask item)
        {
            Validate(item);
            _imageId++;
            _json.WriteStartObject();
            _json.WriteNumber("id", _imageId);
            _json.WriteString("file_name", item.FileName);
            _json.WriteNumber("width", item.Width);
            _json.WriteNumber("height", item.Height);
            _json.WriteEndObject();
            foreach (var (component, single) in ConnectedComponents.Split(item.Mask))
                _regions.Add(new Region(_imageId, item.Width, item.Height, component, CocoRle.EncodeCompressed(single)));
        }

        public void Finish()
        {
            _json.WriteEndArray();
            _json.WriteStartArray("annotations");
            long annotationId = 0;
            foreach (var region in _regions)
                WriteAnnotation(_json, ++annotationId, region);
            _json.WriteEndArray();

            _json.WriteStartArray("categories");
            _json.WriteStartObject();
            _json.WriteNumber("id", DefectCategory);
            _json.WriteString("name", "defect");
            _json.WriteString("supercategory", "defect");
            _json.WriteEndObject();
            _json.WriteEndArray();
            _json.WriteEndObject();
            _json.Flush();
        }
    }

    private static void Validate(ExportedMask item)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentException.ThrowIfNullOrWhiteSpace(item.FileName, nameof(item));
        if (item.Mask.Width != item.Width || item.Mask.Height != item.Height)
            throw new ArgumentException($"{item.FileName}: the mask is {item.Mask.Width}x{item.Mask.Height}, but the image is {item.Width}x{item.Height}.", nameof(item));
    }

    private static void WriteAnnotation(Utf8JsonWriter json, long id, Region region)
    {
        var b = region.Component.Bounds;
        json.WriteStartObject();
        json.WriteNumber("id", id);
        json.WriteNumber("image_id", region.ImageId);
        json.WriteNumber("category_id", DefectCategory);
        json.WriteStartArray("bbox");
        json.WriteNumberValue(b.X);
        json.WriteNumberValue(b.Y);
        json.WriteNumberValue(b.Width);
        json.WriteNumberValue(b.Height);
        json.WriteEndArray();
        json.WriteNumber("area", region.Component.Area);
        json.WriteStartObject("segmentation");
        json.WriteStartArray("size");
        json.WriteNumberValue(region.Height);
        json.WriteNumberValue(region.Width);
        json.WriteEndArray();
        json.WriteString("counts", region.Counts);
        json.WriteEndObject();
        json.WriteNumber("iscrowd", 0);
        json.WriteEndObject();
    }
}
