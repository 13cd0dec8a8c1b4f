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

    private sealed record Region(long ImageId, ExportedMask Image, MaskComponent Component, string Counts);

    public static void Write(Stream output, IEnumerable<ExportedMask> masks)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(masks);
        using var json = new Utf8JsonWriter(output);
        json.WriteStartObject();
        json.WriteStartObject("info");
        json.WriteString("description", "DefectRefine masks: one annotation per connected defect region");
        json.WriteString("version", "1");
        json.WriteEndObject();
        json.WriteStartArray("licenses");
        json.WriteEndArray();

        var regions = new List<Region>();
        json.WriteStartArray("images");
        long imageId = 0;
        foreach (var item in masks)
        {
            Validate(item);
            imageId++;
            json.WriteStartObject();
            json.WriteNumber("id", imageId);
            json.WriteString("file_name", item.FileName);
            json.WriteNumber("width", item.Width);
            json.WriteNumber("height", item.Height);
            json.WriteEndObject();
            foreach (var (component, single) in ConnectedComponents.Split(item.Mask))
                regions.Add(new Region(imageId, item, component, CocoRle.EncodeCompressed(single)));
        }
        json.WriteEndArray();

        json.WriteStartArray("annotations");
        long annotationId = 0;
        foreach (var region in regions)
            WriteAnnotation(json, ++annotationId, region);
        json.WriteEndArray();

        json.WriteStartArray("categories");
        json.WriteStartObject();
        json.WriteNumber("id", DefectCategory);
        json.WriteString("name", "defect");
        json.WriteString("supercategory", "defect");
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
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
        json.WriteNumberValue(region.Image.Height);
        json.WriteNumberValue(region.Image.Width);
        json.WriteEndArray();
        json.WriteString("counts", region.Counts);
        json.WriteEndObject();
        json.WriteNumber("iscrowd", 0);
        json.WriteEndObject();
    }
}
