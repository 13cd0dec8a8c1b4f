using System.Buffers;
using System.IO.Compression;
using System.Text.Json;
using DefectRefine.Annotations.Export;
using DefectRefine.Masks;

namespace DefectRefine.LabelStore;

/// <summary>
/// Writes a dataset's masks into a zip as mask PNGs, one COCO JSON, or Pascal VOC XML files, with a manifest. The
/// refined layer (the default) gives each image's latest refined mask, and the expert's layer for an image that has
/// none yet: the manifest says which layer each image came from, and a note names those that fell back. The zip is
/// streamed: nothing holds the whole archive or every mask.
/// </summary>
public static class DatasetExport
{
    public static readonly string[] Formats = ["png", "coco", "voc"];

    /// <summary>
    /// Streams the zip to <paramref name="output"/>, which need not be seekable (an HTTP response): each mask is
    /// encoded, written and dropped before the next is read from <paramref name="masks"/>, so memory holds one mask
    /// plus a line of the manifest per image (and, for COCO, each region's RLE string until the annotations array).
    /// Writes are asynchronous, except that ZipArchive closes each entry with a synchronous write on a stream that
    /// cannot seek (an HTTP response must allow synchronous IO). An unknown format is refused before the first byte.
    /// </summary>
    public static async Task<ExportSummary> WriteAsync(Stream output, string format, IAsyncEnumerable<MaskAtTime> masks, DateTimeOffset? at,
        ExportLayer layer = ExportLayer.Refined, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(masks);
        if (!Formats.Contains(format))
            throw new LabelStoreException(LabelStoreFailure.Invalid, $"Unknown export format '{format}': use png, coco or voc.");

        var lines = new List<object>();
        var fellBack = new List<string>();
        var (exported, refined) = (0, 0);
        await using (var zip = await ZipArchive.CreateAsync(output, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: null, cancellationToken))
        {
            // COCO is one JSON for all images, written into its entry as each image comes.
            var cocoEntry = format == "coco" ? await zip.CreateEntry("annotations.json", CompressionLevel.Fastest).OpenAsync(cancellationToken) : null;
            var cocoBuffer = new ArrayBufferWriter<byte>();
            await using var cocoJson = new Utf8JsonWriter(cocoBuffer);
            var coco = cocoEntry is null ? null : new CocoExport.Writer(cocoJson);
            await foreach (var item in masks.WithCancellation(cancellationToken))
            {
                lines.Add(ManifestLine(item, layer));
                if (item.Mask is null)
                    continue;
                exported++;
                var image = item.Image;
                var mask = MaskOf(item.Mask, layer);
                if (LayerOf(item.Mask, layer) == ExportLayer.Refined)
                    refined++;
                else if (layer == ExportLayer.Refined)
                    fellBack.Add(image.FileName);
                switch (format)
                {
                    case "png":
                        await AddAsync(zip, $"masks/{Path.ChangeExtension(image.FileName, ".png")}", MaskPng.Encode(mask), cancellationToken);
                        break;
                    case "voc":
                        using (var xml = new MemoryStream())
                        {
                            VocExport.Write(xml, image.FileName, image.Width, image.Height, mask);
                            await AddAsync(zip, $"Annotations/{Path.ChangeExtension(image.FileName, ".xml")}", xml.ToArray(), cancellationToken);
                        }
                        break;
                    default:
                        coco!.Add(new ExportedMask(image.FileName, image.Width, image.Height, mask));
                        await DrainAsync(cocoJson, cocoBuffer, cocoEntry!, cancellationToken);
                        break;
                }
            }
            if (cocoEntry is not null)
            {
                coco!.Finish();
                await DrainAsync(cocoJson, cocoBuffer, cocoEntry, cancellationToken);
                await cocoEntry.DisposeAsync();
            }

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
                Images = lines,
            };
            await AddAsync(zip, "manifest.json", JsonSerializer.SerializeToUtf8Bytes(manifest, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }), cancellationToken);
        }
        return new ExportSummary(lines.Count, exported, refined);
    }

    private static object ManifestLine(MaskAtTime m, ExportLayer layer) => new
    {
        m.Image.Id,
        m.Image.FileName,
        Version = m.Mask?.Version,
        Layer = m.Mask is null ? null : LayerOf(m.Mask, layer).Name(),
        RefinedBy = layer == ExportLayer.Refined ? m.Mask?.RefinedModelVersion : null,
        RefinedRound = layer == ExportLayer.Refined ? m.Mask?.RefinedRound : null,
        DefectPixels = m.Mask is null ? (int?)null : MaskOf(m.Mask, layer).CountDefects(),
        Exported = m.Mask is not null,
    };

    /// <summary>The layer an image is exported from: the refined one only where a refined mask exists.</summary>
    public static ExportLayer LayerOf(MaskProjection mask, ExportLayer requested)
    {
        ArgumentNullException.ThrowIfNull(mask);
        return requested == ExportLayer.Refined && mask.RefinedMask is not null ? ExportLayer.Refined : ExportLayer.Expert;
    }

    public static BinaryMask MaskOf(MaskProjection mask, ExportLayer requested) =>
        LayerOf(mask, requested) == ExportLayer.Refined ? mask.RefinedMask! : mask.Mask;

    private static async Task AddAsync(ZipArchive zip, string name, byte[] bytes, CancellationToken cancellationToken)
    {
        var entry = zip.CreateEntry(name.Replace('\\', '/'), CompressionLevel.Fastest);
        await using var stream = await entry.OpenAsync(cancellationToken);
        await stream.WriteAsync(bytes, cancellationToken);
    }

    /// <summary>Moves what the JSON writer has produced so far into the zip entry, asynchronously.</summary>
    private static async Task DrainAsync(Utf8JsonWriter json, ArrayBufferWriter<byte> buffer, Stream entry, CancellationToken cancellationToken)
    {
        json.Flush();
        await entry.WriteAsync(buffer.WrittenMemory, cancellationToken);
        buffer.ResetWrittenCount();
    }
}

/// <summary>What an export held: images listed, images with a mask, and of those how many came from the refined layer.</summary>
public sealed record ExportSummary(int Images, int Exported, int Refined);
