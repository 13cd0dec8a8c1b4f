using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DefectRefine.Annotations.Export;
using DefectRefine.IntegrationTests.Infrastructure;
using DefectRefine.Masks;
using DefectRefine.UnitTests;

namespace DefectRefine.IntegrationTests.Ingest;

/// <summary>
/// The same NEU slice written in each annotation format and imported over HTTP: what is stored must be what the
/// annotations say (COCO RLE: the true mask; VOC and YOLO boxes: the filled boxes of its defect regions), and a
/// malformed file or an image over the size limit must be refused with its problems listed and nothing stored.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class ImportFormatTests(InfrastructureFixture infrastructure)
{
    private static readonly string[] Stems = ["000001", "000002", "000003"];

    [Fact]
    public async Task Coco_rle_segmentations_import_as_the_exact_true_masks()
    {
        await using var hosts = new ServiceHosts(infrastructure);
        var folder = Path.Combine(hosts.ImportRoot, "coco");
        var truths = CopyImages(folder, "images");
        using (var json = File.Create(Path.Combine(folder, "annotations.json")))
            CocoExport.Write(json, Stems.Select(s => new ExportedMask($"{s}.jpg", 200, 200, truths[s])));

        var (dataset, ids) = await ImportAsync(hosts, new { folder = "coco", format = "coco" });

        await AssertStoredAsync(hosts, dataset, ids, truths, "Segmentation");
    }

    [Fact]
    public async Task Pascal_voc_boxes_import_as_filled_regions_of_interest()
    {
        await using var hosts = new ServiceHosts(infrastructure);
        var folder = Path.Combine(hosts.ImportRoot, "voc");
        var truths = CopyImages(folder, "JPEGImages");
        WriteVoc(folder, truths);

        var (dataset, ids) = await ImportAsync(hosts, new { folder = "voc", format = "voc" });

        await AssertStoredAsync(hosts, dataset, ids, BoxesOf(truths), "Roi");
    }

    [Fact]
    public async Task Yolo_boxes_import_as_filled_regions_of_interest()
    {
        await using var hosts = new ServiceHosts(infrastructure);
        var folder = Path.Combine(hosts.ImportRoot, "yolo");
        var truths = CopyImages(folder, "images");
        WriteYolo(folder, truths);

        var (dataset, ids) = await ImportAsync(hosts, new { folder = "yolo", format = "yolo" });

        await AssertStoredAsync(hosts, dataset, ids, BoxesOf(truths), "Roi");
    }

    [Fact]
    public async Task A_simulated_roi_import_is_marked_simulated_and_keeps_the_true_mask_as_reference()
    {
        await using var hosts = new ServiceHosts(infrastructure);
        var folder = Path.Combine(hosts.ImportRoot, "neu");
        CopyImages(folder, "images");

        var (_, ids) = await ImportAsync(hosts, new { folder = "neu", format = "mask-png", initial = "simulated-roi", seed = 7 });

        var detail = await hosts.Ingest.GetFromJsonAsync<JsonElement>($"/api/images/{ids[0]}");
        Assert.True(detail.GetProperty("image").GetProperty("hasReferenceMask").GetBoolean());
        Assert.True(detail.GetProperty("mask").GetProperty("initialSimulated").GetBoolean());
        Assert.Equal("roi", detail.GetProperty("mask").GetProperty("initialKind").ToString(), ignoreCase: true);
        var history = await hosts.Gateway.GetFromJsonAsync<JsonElement>($"/api/images/{ids[0]}/history");
        var origin = history[0].GetProperty("data").GetProperty("origin");
        Assert.True(origin.GetProperty("simulated").GetBoolean());
        Assert.Equal("7", origin.GetProperty("parameters").GetProperty("seed").GetString());
        Assert.Equal("expert-roi", origin.GetProperty("parameters").GetProperty("simulation").GetString());
        Assert.Contains("SIMULATED", history[0].GetProperty("summary").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("voc")]
    [InlineData("coco")]
    [InlineData("yolo")]
    public async Task A_malformed_annotation_file_is_refused_with_its_line_and_nothing_is_stored(string format)
    {
        await using var hosts = new ServiceHosts(infrastructure);
        var folder = Path.Combine(hosts.ImportRoot, format);
        var truths = CopyImages(folder, format == "voc" ? "JPEGImages" : "images");
        string broken;
        switch (format)
        {
            case "voc":
                WriteVoc(folder, truths);
                broken = Path.Combine(folder, "Annotations", "000002.xml");
                await File.WriteAllTextAsync(broken, (await File.ReadAllTextAsync(broken)).Replace("<xmin>", "<xmin>abc", StringComparison.Ordinal));
                break;
            case "coco":
                broken = Path.Combine(folder, "annotations.json");
                await File.WriteAllTextAsync(broken, "{\"images\": [{\"id\": 1, \"file_name\": \"000001.jpg\", \"width\": 200,");
                break;
            default:
                WriteYolo(folder, truths);
                broken = Path.Combine(folder, "labels", "000003.txt");
                await File.AppendAllTextAsync(broken, "0 0.5 0.5\n");
                break;
        }
        var dataset = await hosts.CreateDatasetAsync();

        var refused = await hosts.Ingest.PostAsJsonAsync($"/api/datasets/{dataset}/imports", new { folder = format, format });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        var problems = problem.GetProperty("problems").EnumerateArray().Select(p => p.GetString()!).ToList();
        Assert.NotEmpty(problems);
        Assert.Contains(problems, p => p.Contains(Path.GetFileName(broken), StringComparison.Ordinal));
        Assert.Equal(0, (await hosts.Ingest.GetFromJsonAsync<JsonElement>($"/api/datasets/{dataset}/images")).GetArrayLength());
    }

    [Fact]
    public async Task Images_over_the_configured_side_limit_are_refused_and_nothing_is_stored()
    {
        await using var hosts = new ServiceHosts(infrastructure, maxImageSide: 100);
        CopyImages(Path.Combine(hosts.ImportRoot, "neu"), "images");
        var dataset = await hosts.CreateDatasetAsync();

        var refused = await hosts.Ingest.PostAsJsonAsync($"/api/datasets/{dataset}/imports", new { folder = "neu", format = "mask-png" });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var body = await refused.Content.ReadAsStringAsync();
        Assert.Contains("200x200", body, StringComparison.Ordinal);
        Assert.Contains("100", body, StringComparison.Ordinal);
        Assert.Equal(0, (await hosts.Ingest.GetFromJsonAsync<JsonElement>($"/api/datasets/{dataset}/images")).GetArrayLength());
    }

    private static async Task AssertStoredAsync(ServiceHosts hosts, Guid dataset, IReadOnlyList<Guid> ids, Dictionary<string, BinaryMask> expected, string kind)
    {
        var images = await hosts.Ingest.GetFromJsonAsync<JsonElement>($"/api/datasets/{dataset}/images");
        Assert.Equal(Stems.Length, images.GetArrayLength());
        foreach (var id in ids)
        {
            var detail = await hosts.Ingest.GetFromJsonAsync<JsonElement>($"/api/images/{id}");
            var stem = Path.GetFileNameWithoutExtension(detail.GetProperty("image").GetProperty("fileName").GetString()!);
            Assert.Equal(kind, detail.GetProperty("mask").GetProperty("initialKind").ToString(), ignoreCase: true);
            Assert.False(detail.GetProperty("mask").GetProperty("initialSimulated").GetBoolean());
            var stored = MaskPng.Decode(await hosts.Ingest.GetByteArrayAsync($"/api/images/{id}/mask"));
            Assert.True(expected[stem].Equals(stored), $"{stem}: stored mask differs from the annotations in {expected[stem].DifferenceFrom(stored).Sum(r => r.Length)} pixels");
        }
    }

    private static async Task<(Guid Dataset, IReadOnlyList<Guid> Ids)> ImportAsync(ServiceHosts hosts, object request)
    {
        var dataset = await hosts.CreateDatasetAsync();
        var response = await hosts.Ingest.PostAsJsonAsync($"/api/datasets/{dataset}/imports", request);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (dataset, [.. result.GetProperty("imageIds").EnumerateArray().Select(e => e.GetGuid())]);
    }

    /// <summary>Copies the slice's images into <paramref name="imagesFolder"/> and its true masks into masks/.</summary>
    internal static Dictionary<string, BinaryMask> CopyImages(string folder, string imagesFolder)
    {
        Directory.CreateDirectory(Path.Combine(folder, imagesFolder));
        Directory.CreateDirectory(Path.Combine(folder, "masks"));
        var truths = new Dictionary<string, BinaryMask>();
        foreach (var stem in Stems)
        {
            File.Copy(Path.Combine(SharedData.NeuSeg, "images", "train", stem + ".jpg"), Path.Combine(folder, imagesFolder, stem + ".jpg"));
            var mask = Path.Combine(SharedData.NeuSeg, "masks", "train", stem + ".png");
            File.Copy(mask, Path.Combine(folder, "masks", stem + ".png"));
            truths[stem] = MaskPng.Decode(File.ReadAllBytes(mask));
        }
        return truths;
    }

    internal static void WriteVoc(string folder, Dictionary<string, BinaryMask> truths)
    {
        Directory.CreateDirectory(Path.Combine(folder, "Annotations"));
        foreach (var (stem, truth) in truths)
        {
            using var xml = File.Create(Path.Combine(folder, "Annotations", stem + ".xml"));
            VocExport.Write(xml, stem + ".jpg", truth.Width, truth.Height, truth);
        }
    }

    internal static void WriteYolo(string folder, Dictionary<string, BinaryMask> truths)
    {
        Directory.CreateDirectory(Path.Combine(folder, "labels"));
        foreach (var (stem, truth) in truths)
            File.WriteAllText(Path.Combine(folder, "labels", stem + ".txt"), YoloLines(truth));
    }

    internal static Dictionary<string, BinaryMask> BoxesOf(Dictionary<string, BinaryMask> truths) =>
        truths.ToDictionary(t => t.Key, t => InitialMasks.Roi(200, 200, [.. ConnectedComponents.Find(t.Value).Select(c => c.Bounds)]));

    private static string YoloLines(BinaryMask truth)
    {
        var text = new StringBuilder();
        foreach (var box in ConnectedComponents.Find(truth).Select(c => c.Bounds))
            text.AppendLine(CultureInfo.InvariantCulture, $"0 {(box.X + (box.Width / 2.0)) / truth.Width:R} {(box.Y + (box.Height / 2.0)) / truth.Height:R} {(double)box.Width / truth.Width:R} {(double)box.Height / truth.Height:R}");
        return text.ToString();
    }
}
