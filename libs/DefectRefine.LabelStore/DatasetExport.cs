using System.IO.Compression;
using System.Text.Json;
using DefectRefine.Annotations.Export;
using DefectRefine.Masks;

namespace DefectRefine.LabelStore;

/// <summary>Writes a dataset's masks into a zip as mask PNGs, one COCO JSON, or Pascal VOC XML files, with a manifest.</summary>
public static class DatasetExport
{
    public static void Write(ZipArchive zip, string format, IReadOnlyList<MaskAtTime> masks, DateTimeOffset? at)
    {
        var present = masks.Where(m => m.Mask is not null).ToList();
        switch (format)
        {
            case "png":
                foreach (var item in present)
                    Add(zip, $"masks/{Path.ChangeExtension(item.Image.FileName, ".png")}", MaskPng.Encode(item.Mask!.Mask));
                break;
            case "voc":
                foreach (var item in present)
                {
                    using var xml = new MemoryStream();
                    VocExport.Write(xml, item.Image.FileName, item.Image.Width, item.Image.Height, item.Mask!.Mask);
                    Add(zip, $"Annotations/{Path.ChangeExtension(item.Image.FileName, ".xml")}", xml.ToArray());
                }
                break;
            case "coco":
                using (var json = new MemoryStream())
                {
                    CocoExport.Write(json, present.Select(item => new ExportedMask(item.Image.FileName, item.Image.Width, item.Image.Height, item.Mask!.Mask)));
                    Add(zip, "annotations.json", json.ToArray());
                }
                break;
            default:
                throw new LabelStoreException(LabelStoreFailure.Invalid, $"Unknown export format '{format}': use png, coco or voc.");
        }

        var manifest = new
        {
            Format = format,
            At = at,
            ExportedAt = DateTimeOffset.UtcNow,
            Images = masks.Select(m => new
            {
                m.Image.Id,
                m.Image.FileName,
                Version = m.Mask?.Version,
                DefectPixels = m.Mask?.Mask.CountDefects(),
                Exported = m.Mask is not null,
            }),
        };
        Add(zip, "manifest.json", JsonSerializer.SerializeToUtf8Bytes(manifest, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }));
    }

    private static void Add(ZipArchive zip, string name, byte[] bytes)
    {
        var entry = zip.CreateEntry(name.Replace('\\', '/'), CompressionLevel.Fastest);
        using var stream = entry.Open();
        stream.Write(bytes);
    }
}
