using System.Text.Json;
using DefectRefine.Annotations;
using DefectRefine.Imaging;
using DefectRefine.Masks.Simulation.Steel;
using DefectRefine.UnitTests.Annotations;

namespace DefectRefine.UnitTests.Masks;

public sealed class SteelSurfaceDatasetWriterTests : IDisposable
{
    private static readonly SteelSurfaceOptions _options = new() { Width = 64, Height = 48, Seed = 5 };
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void The_importer_reads_the_images_with_their_true_masks()
    {
        var root = _folder.PathOf("steel");
        SteelSurfaceDatasetWriter.Write(root, _options, 5, writeRoi: true);

        var images = ImportFolder.Read(root, AnnotationFormat.MaskPng);

        Assert.Equal(["images/steel-0000.png", "images/steel-0001.png", "images/steel-0002.png", "images/steel-0003.png", "images/steel-0004.png"],
            images.Select(i => i.RelativePath));
        for (var index = 0; index < images.Count; index++)
        {
            var expected = SteelSurfaceGenerator.Generate(_options, index);
            Assert.Equal($"masks/steel-{index:D4}.png", images[index].Labels.SourceFile);
            Assert.Equal(expected.Truth, images[index].Labels.Rasterise(64, 48).Mask);
            Assert.Equal(expected.Pixels, ImageDecoder.DecodeGrayscale(File.ReadAllBytes(images[index].FullPath)).Pixels);
        }
    }

    [Fact]
    public void The_importer_reads_the_roi_folder_as_the_simulated_boxes_generation_json_records()
    {
        var root = _folder.PathOf("steel");
        SteelSurfaceDatasetWriter.Write(root, _options, 3, writeRoi: true);

        var images = ImportFolder.Read(root, AnnotationFormat.PascalVoc, new ImportFolderOptions { AnnotationFile = SteelSurfaceDatasetWriter.RoiFolder });

        Assert.Equal(3, images.Count);
        for (var index = 0; index < images.Count; index++)
        {
            var expected = SteelSurfaceGenerator.Generate(_options, index);
            Assert.Equal($"roi/steel-{index:D4}.xml", images[index].Labels.SourceFile);
            var labels = images[index].Rasterise(64, 48);
            Assert.Equal(InitialLabelKind.Roi, labels.Kind);
            Assert.Equal(expected.Roi.Boxes, labels.Boxes);
            Assert.Equal(expected.Roi.Mask, labels.Mask);
            Assert.Equal("simulation:expert-roi", labels.Simulation?.Source);
            Assert.Equal(expected.Roi.Parameters["seed"], labels.Simulation!.Parameters["seed"]);
            Assert.Equal(expected.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture), labels.Simulation.Parameters["imageSeed"]);
        }
    }

    [Fact]
    public void Without_roi_only_images_masks_and_the_manifest_are_written()
    {
        var root = _folder.PathOf("steel");

        SteelSurfaceDatasetWriter.Write(root, _options, 2, writeRoi: false);

        Assert.Equal(["generation.json", "images", "masks"], Directory.EnumerateFileSystemEntries(root).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Image_i_is_the_same_file_whatever_the_count()
    {
        SteelSurfaceDatasetWriter.Write(_folder.PathOf("two"), _options, 2, writeRoi: true);
        SteelSurfaceDatasetWriter.Write(_folder.PathOf("five"), _options, 5, writeRoi: true);

        foreach (var file in new[] { "images/steel-0001.png", "masks/steel-0001.png", "roi/steel-0001.xml" })
            Assert.Equal(File.ReadAllBytes(_folder.PathOf("two/" + file)), File.ReadAllBytes(_folder.PathOf("five/" + file)));
    }

    [Fact]
    public void The_manifest_records_the_options_and_every_feature()
    {
        var root = _folder.PathOf("steel");
        var manifest = SteelSurfaceDatasetWriter.Write(root, _options, 3, writeRoi: true);

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, SteelSurfaceDatasetWriter.ManifestFile)));

        var written = json.RootElement;
        Assert.Equal(SteelSurfaceGenerator.GeneratorName, written.GetProperty("generator").GetString());
        Assert.StartsWith("SYNTHETIC", written.GetProperty("note").GetString());
        Assert.Equal(5UL, written.GetProperty("options").GetProperty("seed").GetUInt64());
        Assert.Equal("Scratch", written.GetProperty("options").GetProperty("defectKinds")[0].GetString());
        var images = written.GetProperty("images");
        Assert.Equal(3, images.GetArrayLength());
        for (var index = 0; index < 3; index++)
        {
            var expected = SteelSurfaceGenerator.Generate(_options, index);
            var image = images[index];
            Assert.Equal($"steel-{index:D4}", image.GetProperty("name").GetString());
            Assert.Equal(expected.Seed, image.GetProperty("seed").GetUInt64());
            Assert.Equal(expected.DefectShare, image.GetProperty("defectShare").GetDouble());
            Assert.Equal(expected.Features.Select(f => f.Kind.ToString()), image.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("kind").GetString()));
            Assert.Equal(expected.Features.Select(f => f.IsDefect), image.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("isDefect").GetBoolean()));
            Assert.Equal(expected.Roi.Boxes.Count, image.GetProperty("roi").GetProperty("boxes").GetArrayLength());
            Assert.Equal($"roi/steel-{index:D4}.xml", image.GetProperty("roi").GetProperty("file").GetString());
            Assert.Equal(expected.Features, manifest.Images[index].Features);
        }
    }

    [Fact]
    public void A_folder_that_is_not_empty_is_refused_unless_replaced()
    {
        var root = _folder.PathOf("steel");
        _folder.Write("steel/keep.txt", "mine");

        var error = Assert.Throws<IOException>(() => SteelSurfaceDatasetWriter.Write(root, _options, 2, writeRoi: false));

        Assert.Contains("not empty", error.Message);
        Assert.Equal(["keep.txt"], Directory.EnumerateFileSystemEntries(root).Select(Path.GetFileName));
        Assert.Equal(["steel"], Directory.EnumerateFileSystemEntries(_folder.Root).Select(Path.GetFileName));

        SteelSurfaceDatasetWriter.Write(root, _options, 2, writeRoi: false, replace: true);

        Assert.False(File.Exists(Path.Combine(root, "keep.txt")));
        Assert.Equal(2, Directory.GetFiles(Path.Combine(root, "images")).Length);
        Assert.Equal(["steel"], Directory.EnumerateFileSystemEntries(_folder.Root).Select(Path.GetFileName));
    }

    [Fact]
    public void An_empty_folder_is_filled()
    {
        var root = _folder.PathOf("steel");
        Directory.CreateDirectory(root);

        SteelSurfaceDatasetWriter.Write(root, _options, 1, writeRoi: false);

        Assert.True(File.Exists(Path.Combine(root, "images", "steel-0000.png")));
    }

    [Fact]
    public void Bad_options_or_count_write_nothing()
    {
        var root = _folder.PathOf("steel");

        Assert.Throws<ArgumentException>(() => SteelSurfaceDatasetWriter.Write(root, _options with { Width = 8 }, 2, writeRoi: false));
        Assert.Throws<ArgumentException>(() => SteelSurfaceDatasetWriter.Write(root, _options, 0, writeRoi: false));

        Assert.Empty(Directory.EnumerateFileSystemEntries(_folder.Root));
    }

    [Fact]
    public void A_cancelled_run_leaves_nothing_half_written()
    {
        var root = _folder.PathOf("steel");
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => SteelSurfaceDatasetWriter.Write(root, _options, 3, writeRoi: true, cancellationToken: cancelled.Token));

        Assert.Empty(Directory.EnumerateFileSystemEntries(_folder.Root));
    }

    [Theory]
    [InlineData(7, 24, "steel-0007")]
    [InlineData(7, 10_000, "steel-0007")]
    [InlineData(7, 10_001, "steel-00007")]
    public void Names_are_padded_so_they_sort_in_index_order(int index, int count, string name) =>
        Assert.Equal(name, SteelSurfaceDatasetWriter.ImageName(index, count));
}
