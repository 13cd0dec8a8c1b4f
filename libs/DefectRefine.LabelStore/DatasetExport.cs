using System.IO.Compression;
using System.Text.Json;
using DefectRefine.Annotations.Export;
using DefectRefine.Masks;

namespace DefectRefine.LabelStore;

/// <summary>
/// Writes a dataset's masks into a zip as mask PNGs, one COCO JSON, or Pascal VOC XML files, with a manifest. The
/// refined layer (the default) gives each image's latest refined mask, and the expert's layer for an image that has
/// none yet: the manifest says which layer each image came from, and a note names those that fell back.
/// </summary>
public static class DatasetExport
{
    public static void Write(ZipArchive zip, string format, IReadOnlyList<MaskAtTime> masks, DateTimeOffset? at, ExportLayer layer = ExportLayer.Refined)
    {
        var present = masks.Where(m => m.Mask is not null).Select(m => (m.Image, Mask: MaskOf(m.Mask!, layer))).ToList();
        switch (format)
        {
            case "png":
                foreach (var (image, mask) in present)
                    Add(zip, $"masks/{Path.ChangeExtension(image.FileName, ".png")}", MaskPng.Encode(mask));
                break;
            case "voc":
                foreach (var (image, mask) in present)
                {
                    using var xml = new MemoryStream();
                    VocExport.Write(xml, image.FileName, image.Width, image.Height, mask);
                    Add(zip, $"Annotations/{Path.ChangeExtension(image.FileName, ".xml")}", xml.ToArray());
                }
                break;
            case "coco":
                using (var json = new MemoryStream())
                {
                    CocoExport.Write(json, present.Select(item => new ExportedMask(item.Image.FileName, item.Image.Width, item.Image.Height, item.Mask)));
                    Add(zip, "annotations.json", json.ToArray());
                }
                break;
            default:
                throw new LabelStoreException(LabelStoreFailure.Invalid, $"Unknown export format '{format}': use png, coco or voc.");
        }

        var fellBack = layer == ExportLayer.Refined ? masks.Where(m => m.Mask is { RefinedMask: null }).Select(m => m.Image.FileName).ToList() : [];
        var manifest = new
        {
            Format = format,
            Layer = layer.Name(),
            At = at,
            ExportedAt = DateTimeOffset.UtcNow,
            Notes = fellBack.Count == 0 ? [] : new[]
            {
                $"{fellBack.Count} image(s) had no refined mask yet (no training round had proposed one): their expert layer was exported instead: {string.Join(", ", fellBack)}",
            },
            Images = masks.Select(m => new
            {
                m.Image.Id,
                m.Image.FileName,
                Version = m.Mask?.Version,
                Layer = m.Mask is null ? null : LayerOf(m.Mask, layer).Name(),
                RefinedBy = layer == ExportLayer.Refined ? m.Mask?.RefinedModelVersion : null,
                RefinedRound = layer == ExportLayer.Refined ? m.Mask?.RefinedRound : null,
                DefectPixels = m.Mask is null ? (int?)null : MaskOf(m.Mask, layer).CountDefects(),
                Exported = m.Mask is not null,
            }),
        };
        Add(zip, "manifest.json", JsonSerializer.SerializeToUtf8Bytes(manifest, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }));
    }

    /// <summary>The layer an image is exported from: the refined one only where a refined mask exists.</summary>
    public static ExportLayer LayerOf(MaskProjection mask, ExportLayer requested)
    {
        ArgumentNullException.ThrowIfNull(mask);
        return requested == ExportLayer.Refined && mask.RefinedMask is not null ? ExportLayer.Refined : ExportLayer.Expert;
    }

    public static BinaryMask MaskOf(MaskProjection mask, ExportLayer requested) =>
        LayerOf(mask, requested) == ExportLayer.Refined ? mask.RefinedMask! : mask.Mask;

    private static void Add(ZipArchive zip, string name, byte[] bytes)
    {
        var entry = zip.CreateEntry(name.Replace('\\', '/'), CompressionLevel.Fastest);
        using var stream = entry.Open();
        stream.Write(bytes);
    }
}
