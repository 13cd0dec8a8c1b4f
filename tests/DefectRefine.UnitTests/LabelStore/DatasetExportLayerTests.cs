using System.IO.Compression;
using System.Text.Json;
using DefectRefine.Contracts.V1.Labels;
using DefectRefine.LabelStore;
using DefectRefine.Masks;

namespace DefectRefine.UnitTests.LabelStore;

public sealed class DatasetExportLayerTests
{
    [Fact]
    public void The_refined_layer_is_exported_by_default_and_an_image_without_one_falls_back_to_the_expert_layer_with_a_note()
    {
        var (refined, plain) = (Image("a.png", refinedBox: new PixelBox(2, 2, 3, 3)), Image("b.png", refinedBox: null));
        var (entries, manifest) = Export([refined, plain], ExportLayer.Refined);

        Assert.Equal(refined.Mask!.RefinedMask, entries["masks/a.png"]);
        Assert.Equal(plain.Mask!.Mask, entries["masks/b.png"]);
        Assert.Equal("refined", manifest.GetProperty("layer").GetString());
        var images = manifest.GetProperty("images").EnumerateArray().ToList();
        Assert.Equal(["refined", "expert"], images.Select(i => i.GetProperty("layer").GetString()));
        Assert.Equal("model-7", images[0].GetProperty("refinedBy").GetString());
        Assert.Equal(3, images[0].GetProperty("refinedRound").GetInt32());
        var note = Assert.Single(manifest.GetProperty("notes").EnumerateArray()).GetString();
        Assert.Contains("b.png", note);
        Assert.Contains("no refined mask yet", note);
    }

    [Fact]
    public void The_expert_layer_on_request_ignores_the_refined_masks()
    {
        var refined = Image("a.png", refinedBox: new PixelBox(2, 2, 3, 3));
        var (entries, manifest) = Export([refined], ExportLayer.Expert);

        Assert.Equal(refined.Mask!.Mask, entries["masks/a.png"]);
        Assert.NotEqual(refined.Mask.RefinedMask, entries["masks/a.png"]);
        Assert.Equal("expert", manifest.GetProperty("layer").GetString());
        Assert.Empty(manifest.GetProperty("notes").EnumerateArray());
    }

    [Theory]
    [InlineData(null, ExportLayer.Refined)]
    [InlineData("", ExportLayer.Refined)]
    [InlineData("Refined", ExportLayer.Refined)]
    [InlineData("EXPERT", ExportLayer.Expert)]
    public void Layer_names_parse(string? text, ExportLayer expected) => Assert.Equal(expected, ExportLayers.Parse(text));

    [Fact]
    public void An_unknown_layer_is_refused_with_what_to_use()
    {
        var error = Assert.Throws<LabelStoreException>(() => ExportLayers.Parse("model"));
        Assert.Equal(LabelStoreFailure.Invalid, error.Failure);
        Assert.Contains("'model'", error.Message);
        Assert.Contains("refined", error.Message);
        Assert.Contains("expert", error.Message);
    }

    private static MaskAtTime Image(string name, PixelBox? refinedBox)
    {
        var id = Guid.NewGuid();
        var initial = new BinaryMask(12, 10);
        initial.Fill(new PixelBox(1, 1, 8, 8));
        var mask = new MaskProjection();
        mask.ApplyEvent(new MaskInitialised(id, Guid.NewGuid(), 12, 10, InitialMaskKind.Roi, MaskRunLength.Encode(initial), [],
            new InitialMaskOrigin("test", false, null, new Dictionary<string, string>()), new LabelAuthor("s", "u"), DateTimeOffset.UtcNow), 1);
        if (refinedBox is { } box)
        {
            var refined = new BinaryMask(12, 10);
            refined.Fill(box);
            mask.ApplyEvent(new RefinedMaskProposed(id, Guid.NewGuid(), "model-7", 3, 1, MaskRunLength.Encode(refined), DateTimeOffset.UtcNow), 2);
        }
        return new MaskAtTime(new ImageRecord { Id = id, FileName = name, Width = 12, Height = 10 }, mask);
    }

    private static (Dictionary<string, BinaryMask> Masks, JsonElement Manifest) Export(IReadOnlyList<MaskAtTime> masks, ExportLayer layer)
    {
        using var buffer = new MemoryStream();
        DatasetExport.WriteAsync(buffer, "png", masks.ToAsyncEnumerable(), null, layer).GetAwaiter().GetResult();
        buffer.Position = 0;
        using var read = new ZipArchive(buffer, ZipArchiveMode.Read);
        var pngs = read.Entries.Where(e => e.FullName.StartsWith("masks/", StringComparison.Ordinal)).ToDictionary(e => e.FullName, e =>
        {
            using var stream = e.Open();
            using var bytes = new MemoryStream();
            stream.CopyTo(bytes);
            return MaskPng.Decode(bytes.ToArray());
        });
        using var manifest = read.GetEntry("manifest.json")!.Open();
        return (pngs, JsonDocument.Parse(manifest).RootElement.Clone());
    }
}
