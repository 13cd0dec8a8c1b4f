using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DefectRefine.Annotations.Export;
using DefectRefine.IntegrationTests.Infrastructure;
using DefectRefine.Masks;
using DefectRefine.Masks.Simulation.Steel;
using DefectRefine.Stations;
using DefectRefine.UnitTests;

namespace DefectRefine.IntegrationTests.Ingest;

/// <summary>
/// An auditor must be able to trust the first event of every history: for the demo's generated images and for each
/// way labels enter (mask PNG, Pascal VOC, COCO, YOLO, an upload with boxes or with a mask), the stored MaskInitialised
/// and the history's summary say what the labels are (boxes as boxes), where they came from (source, file) and whether
/// a simulator made them.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class FirstEventTests(InfrastructureFixture infrastructure)
{
    private const string Stem = "000001";

    [Fact]
    public async Task The_demos_generated_boxes_are_recorded_as_simulated_boxes_with_the_generators_seeds()
    {
        await using var hosts = new ServiceHosts(infrastructure);
        var options = new SteelSurfaceOptions { Width = 96, Height = 80, Seed = 23 };
        var manifest = SteelSurfaceDatasetWriter.Write(Path.Combine(hosts.ImportRoot, "steel"), options, 3, writeRoi: true);
        var dataset = await hosts.CreateDatasetAsync("steel");

        // The call DemoProject makes.
        var ids = await new LoopApi(hosts.Ingest, hosts.Gateway).ImportGeneratedRoisAsync(dataset, "steel");

        Assert.Equal(3, ids.Count);
        foreach (var id in ids)
        {
            var (first, summary, fileName) = await FirstEventAsync(hosts, id);
            var entry = manifest.Images.Single(i => $"images/{i.Name}.png" == fileName);
            var boxes = entry.Roi!.Boxes;
            AssertKind("Roi", first);
            Assert.Equal(boxes, Boxes(first));
            var origin = first.GetProperty("origin");
            Assert.True(origin.GetProperty("simulated").GetBoolean());
            Assert.Equal("simulation:expert-roi", origin.GetProperty("source").GetString());
            Assert.Equal($"roi/{entry.Name}.xml", origin.GetProperty("file").GetString());
            var parameters = origin.GetProperty("parameters");
            Assert.Equal(entry.Roi.Parameters["seed"], parameters.GetProperty("seed").GetString());
            Assert.Equal(entry.Seed.ToString(CultureInfo.InvariantCulture), parameters.GetProperty("imageSeed").GetString());
            Assert.Equal("23", parameters.GetProperty("datasetSeed").GetString());
            Assert.Equal("steel-surface", parameters.GetProperty("generator").GetString());
            Assert.Equal("import:voc", parameters.GetProperty("importedBy").GetString());
            Assert.Equal($"Boxes ({boxes.Count}), 96x80, SIMULATED by simulation:expert-roi (seed {entry.Roi.Parameters["seed"]}, image seed {entry.Seed}), from roi/{entry.Name}.xml", summary);
            Assert.Equal(InitialMasks.Roi(96, 80, boxes), MaskPng.Decode(await hosts.Ingest.GetByteArrayAsync($"/api/images/{id}/mask")));
        }
    }

    [Fact]
    public async Task A_mask_png_import_is_a_segmentation_from_its_mask_file()
    {
        await using var hosts = new ServiceHosts(infrastructure);
        ImportFormatTests.CopyImages(Path.Combine(hosts.ImportRoot, "neu"), "images");

        var first = await ImportFirstAsync(hosts, new { folder = "neu", format = "mask-png" });

        AssertPersons(first, "Segmentation", [], "import:mask-png", $"masks/{Stem}.png", $"Segmentation mask 200x200 from import:mask-png, file masks/{Stem}.png");
    }

    [Fact]
    public async Task A_pascal_voc_import_is_boxes_from_its_xml()
    {
        await using var hosts = new ServiceHosts(infrastructure);
        var folder = Path.Combine(hosts.ImportRoot, "voc");
        var truths = ImportFormatTests.CopyImages(folder, "JPEGImages");
        ImportFormatTests.WriteVoc(folder, truths);
        var boxes = ComponentBoxes(truths[Stem]);

        var first = await ImportFirstAsync(hosts, new { folder = "voc", format = "voc" });

        AssertPersons(first, "Roi", boxes, "import:voc", $"Annotations/{Stem}.xml", $"Boxes ({boxes.Count}), 200x200, from import:voc, file Annotations/{Stem}.xml");
    }

    [Fact]
    public async Task A_coco_rle_import_is_a_segmentation_from_its_json()
    {
        await using var hosts = new ServiceHosts(infrastructure);
        var folder = Path.Combine(hosts.ImportRoot, "coco");
        var truths = ImportFormatTests.CopyImages(folder, "images");
        using (var json = File.Create(Path.Combine(folder, "annotations.json")))
            CocoExport.Write(json, truths.Select(t => new ExportedMask($"{t.Key}.jpg", 200, 200, t.Value)));

        var first = await ImportFirstAsync(hosts, new { folder = "coco", format = "coco" });

        AssertPersons(first, "Segmentation", [], "import:coco", "annotations.json", "Segmentation mask 200x200 from import:coco, file annotations.json");
    }

    [Fact]
    public async Task A_yolo_import_is_boxes_from_its_label_file()
    {
        await using var hosts = new ServiceHosts(infrastructure);
        var folder = Path.Combine(hosts.ImportRoot, "yolo");
        var truths = ImportFormatTests.CopyImages(folder, "images");
        ImportFormatTests.WriteYolo(folder, truths);
        var boxes = ComponentBoxes(truths[Stem]);

        var first = await ImportFirstAsync(hosts, new { folder = "yolo", format = "yolo" });

        AssertPersons(first, "Roi", boxes, "import:yolo", $"labels/{Stem}.txt", $"Boxes ({boxes.Count}), 200x200, from import:yolo, file labels/{Stem}.txt");
    }

    [Fact]
    public async Task Uploads_with_boxes_or_a_mask_are_a_persons_boxes_or_segmentation()
    {
        await using var hosts = new ServiceHosts(infrastructure);
        var image = await File.ReadAllBytesAsync(Path.Combine(SharedData.NeuSeg, "images", "train", $"{Stem}.jpg"));
        var dataset = await hosts.CreateDatasetAsync();

        using var withBoxes = ServiceHosts.UploadForm(image, "boxed.jpg",
            ("boxes", "[{\"x\":10,\"y\":10,\"width\":50,\"height\":40},{\"x\":100,\"y\":120,\"width\":8,\"height\":9}]"));
        var boxed = await UploadAsync(hosts, dataset, withBoxes);
        using var withMask = ServiceHosts.UploadForm(image, "masked.jpg");
        withMask.Add(new ByteArrayContent(await File.ReadAllBytesAsync(Path.Combine(SharedData.NeuSeg, "masks", "train", $"{Stem}.png"))), "mask", "expert-mask.png");
        var masked = await UploadAsync(hosts, dataset, withMask);

        AssertPersons(boxed, "Roi", [new PixelBox(10, 10, 50, 40), new PixelBox(100, 120, 8, 9)], "upload:boxes", null, "Boxes (2), 200x200, from upload:boxes");
        AssertPersons(masked, "Segmentation", [], "upload:mask", "expert-mask.png", "Segmentation mask 200x200 from upload:mask, file expert-mask.png");
    }

    private static void AssertPersons((JsonElement First, string Summary, string FileName) entry, string kind, IReadOnlyList<PixelBox> boxes,
        string source, string? file, string summary)
    {
        AssertKind(kind, entry.First);
        Assert.Equal(boxes, Boxes(entry.First));
        var origin = entry.First.GetProperty("origin");
        Assert.False(origin.GetProperty("simulated").GetBoolean());
        Assert.Equal(source, origin.GetProperty("source").GetString());
        Assert.Equal(file, origin.GetProperty("file").ValueKind == JsonValueKind.Null ? null : origin.GetProperty("file").GetString());
        Assert.Equal(summary, entry.Summary);
        Assert.DoesNotContain("SIMULATED", entry.Summary, StringComparison.OrdinalIgnoreCase);
    }

    private static void AssertKind(string kind, JsonElement first) => Assert.Equal(kind, first.GetProperty("kind").ToString(), ignoreCase: true);

    private static List<PixelBox> Boxes(JsonElement first) =>
        [.. first.GetProperty("boxes").EnumerateArray().Select(b => new PixelBox(b.GetProperty("x").GetInt32(), b.GetProperty("y").GetInt32(),
            b.GetProperty("width").GetInt32(), b.GetProperty("height").GetInt32()))];

    private static List<PixelBox> ComponentBoxes(BinaryMask truth) => [.. ConnectedComponents.Find(truth).Select(c => c.Bounds)];

    /// <summary>The first history entry of the image (<see cref="Stem"/>) the import stored.</summary>
    private static async Task<(JsonElement First, string Summary, string FileName)> ImportFirstAsync(ServiceHosts hosts, object request)
    {
        var dataset = await hosts.CreateDatasetAsync();
        var response = await hosts.Ingest.PostAsJsonAsync($"/api/datasets/{dataset}/imports", request);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        foreach (var id in (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("imageIds").EnumerateArray().Select(e => e.GetGuid()))
        {
            var first = await FirstEventAsync(hosts, id);
            if (Path.GetFileNameWithoutExtension(first.FileName) == Stem)
                return first;
        }
        throw new InvalidOperationException($"The import stored no image {Stem}.");
    }

    private static async Task<(JsonElement First, string Summary, string FileName)> UploadAsync(ServiceHosts hosts, Guid dataset, MultipartFormDataContent form)
    {
        var response = await hosts.Ingest.PostAsync($"/api/datasets/{dataset}/images", form);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await FirstEventAsync(hosts, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
    }

    private static async Task<(JsonElement First, string Summary, string FileName)> FirstEventAsync(ServiceHosts hosts, Guid imageId)
    {
        var history = await hosts.Gateway.GetFromJsonAsync<JsonElement>($"/api/images/{imageId}/history");
        var first = history[0];
        Assert.Equal(1, first.GetProperty("version").GetInt64());
        Assert.Equal("MaskInitialised", first.GetProperty("event").GetString());
        var detail = await hosts.Ingest.GetFromJsonAsync<JsonElement>($"/api/images/{imageId}");
        return (first.GetProperty("data").Clone(), first.GetProperty("summary").GetString()!, detail.GetProperty("image").GetProperty("fileName").GetString()!);
    }
}
