using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DefectRefine.Contracts.V1.Labels;
using DefectRefine.IntegrationTests.Infrastructure;
using DefectRefine.LabelStore;
using DefectRefine.Masks;
using DefectRefine.UnitTests;
using Microsoft.Extensions.DependencyInjection;

namespace DefectRefine.IntegrationTests.Ingest;

[Collection(InfrastructureCollection.Name)]
public sealed class IngestAndAuditTests(InfrastructureFixture infrastructure)
{
    private static readonly string[] Stems = ["000001", "000002", "000003", "000004"];

    [Fact]
    public async Task A_neu_slice_imported_as_mask_pngs_is_refined_undone_replayed_and_diffed_over_http()
    {
        await using var hosts = new ServiceHosts(infrastructure);
        CopyNeuSlice(Path.Combine(hosts.ImportRoot, "neu"));
        var dataset = await hosts.CreateDatasetAsync();

        var import = await hosts.Ingest.PostAsJsonAsync($"/api/datasets/{dataset}/imports", new { folder = "neu", format = "mask-png" });
        Assert.Equal(HttpStatusCode.Created, import.StatusCode);
        var imported = await import.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(Stems.Length, imported.GetProperty("images").GetInt32());
        var imageId = imported.GetProperty("imageIds")[0].GetGuid();

        var truth = MaskPng.Decode(await File.ReadAllBytesAsync(Path.Combine(SharedData.NeuSeg, "masks", "train", "000001.png")));
        var stored = await hosts.Ingest.GetByteArrayAsync($"/api/images/{imageId}/mask");
        Assert.Equal(truth, MaskPng.Decode(stored));

        var writer = hosts.IngestServices.GetRequiredService<MaskWriter>();
        var context = new RefinementContext(new LabelAuthor("station-a", "quality-eve"), DateTimeOffset.UtcNow, Guid.NewGuid(), Guid.NewGuid(), "model-3", []);
        await writer.RefinePatchesAsync(imageId, context, 8, [new PatchLabel(100, 100, !truth[100, 100])]);
        await writer.RefineCentrePixelsAsync(imageId, context, [new PatchLabel(5, 5, !truth[5, 5])]);

        var undo = await hosts.Gateway.PostAsJsonAsync($"/api/images/{imageId}/history/2/revert", new { reason = "mis-click" });
        Assert.Equal(HttpStatusCode.OK, undo.StatusCode);
        var history = await hosts.Gateway.GetFromJsonAsync<JsonElement>($"/api/images/{imageId}/history");
        Assert.Equal(4, history.GetArrayLength());
        Assert.Equal("admin-ann", history[3].GetProperty("user").GetString());

        var atOne = MaskPng.Decode(await hosts.Gateway.GetByteArrayAsync($"/api/images/{imageId}/history/mask?version=1"));
        Assert.Equal(truth, atOne);
        var diff = await hosts.Gateway.GetFromJsonAsync<JsonElement>($"/api/images/{imageId}/history/diff?from=1&to=4");
        Assert.Equal(1, diff.GetProperty("changedPixels").GetInt32());

        var export = await hosts.Ingest.GetAsync($"/api/datasets/{dataset}/export?format=coco");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("application/zip", export.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_folder_with_one_truncated_image_or_an_escaping_path_is_refused_and_nothing_is_stored()
    {
        await using var hosts = new ServiceHosts(infrastructure);
        var folder = Path.Combine(hosts.ImportRoot, "neu");
        CopyNeuSlice(folder);
        var victim = Path.Combine(folder, "images", "000002.jpg");
        var bytes = await File.ReadAllBytesAsync(victim);
        await File.WriteAllBytesAsync(victim, bytes[..(bytes.Length / 3)]);
        var dataset = await hosts.CreateDatasetAsync();

        var refused = await hosts.Ingest.PostAsJsonAsync($"/api/datasets/{dataset}/imports", new { folder = "neu", format = "mask-png" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("000002", await refused.Content.ReadAsStringAsync());

        var escaping = await hosts.Ingest.PostAsJsonAsync($"/api/datasets/{dataset}/imports", new { folder = "../..", format = "mask-png" });
        Assert.Equal(HttpStatusCode.BadRequest, escaping.StatusCode);

        var unknown = await hosts.Ingest.PostAsJsonAsync($"/api/datasets/{dataset}/imports", new { folder = "neu", format = "tiff-stack" });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);

        var images = await hosts.Ingest.GetFromJsonAsync<JsonElement>($"/api/datasets/{dataset}/images");
        Assert.Equal(0, images.GetArrayLength());
    }

    [Fact]
    public async Task An_upload_with_a_box_outside_the_image_or_a_mask_of_the_wrong_size_is_refused()
    {
        await using var hosts = new ServiceHosts(infrastructure);
        var dataset = await hosts.CreateDatasetAsync();
        var image = await File.ReadAllBytesAsync(Path.Combine(SharedData.NeuSeg, "images", "train", "000001.jpg"));

        using var boxes = ServiceHosts.UploadForm(image, "000001.jpg", ("boxes", "[{\"x\":190,\"y\":10,\"width\":20,\"height\":20}]"));
        var outside = await hosts.Ingest.PostAsync($"/api/datasets/{dataset}/images", boxes);
        Assert.Equal(HttpStatusCode.BadRequest, outside.StatusCode);
        Assert.Contains("outside the 200x200 image", await outside.Content.ReadAsStringAsync());

        using var wrongMask = ServiceHosts.UploadForm(image, "000001.jpg");
        wrongMask.Add(new ByteArrayContent(MaskPng.Encode(new BinaryMask(100, 100))), "mask", "m.png");
        var wrong = await hosts.Ingest.PostAsync($"/api/datasets/{dataset}/images", wrongMask);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("100x100", await wrong.Content.ReadAsStringAsync());

        using var good = ServiceHosts.UploadForm(image, "000001.jpg", ("boxes", "[{\"x\":10,\"y\":10,\"width\":50,\"height\":40}]"));
        var created = await hosts.Ingest.PostAsync($"/api/datasets/{dataset}/images", good);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var images = await hosts.Ingest.GetFromJsonAsync<JsonElement>($"/api/datasets/{dataset}/images");
        Assert.Equal(1, images.GetArrayLength());
    }

    private static void CopyNeuSlice(string folder)
    {
        Directory.CreateDirectory(Path.Combine(folder, "images"));
        Directory.CreateDirectory(Path.Combine(folder, "masks"));
        foreach (var stem in Stems)
        {
            File.Copy(Path.Combine(SharedData.NeuSeg, "images", "train", stem + ".jpg"), Path.Combine(folder, "images", stem + ".jpg"));
            File.Copy(Path.Combine(SharedData.NeuSeg, "masks", "train", stem + ".png"), Path.Combine(folder, "masks", stem + ".png"));
        }
    }
}
