using DefectRefine.Annotations;
using DefectRefine.Masks;

namespace DefectRefine.UnitTests.Annotations;

public sealed class MaskPngReaderTests : IDisposable
{
    private static readonly string _neuImages = Path.Combine(SharedData.NeuSeg, "images", "train");
    private static readonly string _neuMasks = Path.Combine(SharedData.NeuSeg, "masks", "train");
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Reads_the_neu_training_split_in_place()
    {
        var options = new ImportFolderOptions { ImagesSubfolder = "images/train", MasksSubfolder = "masks/train" };

        var images = ImportFolder.Read(SharedData.NeuSeg, AnnotationFormat.MaskPng, options);

        Assert.Equal(Directory.GetFiles(_neuImages, "*.jpg").Length, images.Count);
        var first = images[0];
        Assert.Equal("images/train/000001.jpg", first.RelativePath);
        Assert.Equal("masks/train/000001.png", first.Labels.SourceFile);
        var labels = first.Labels.Rasterise(200, 200);
        Assert.Equal(InitialLabelKind.Segmentation, labels.Kind);
        Assert.Empty(labels.Boxes);
        Assert.Equal(MaskPng.Decode(File.ReadAllBytes(Path.Combine(_neuMasks, "000001.png"))), labels.Mask);
    }

    [Fact]
    public void Pairs_images_and_masks_folders_by_default_subfolders_included()
    {
        foreach (var name in new[] { "000001", "000002" })
        {
            _folder.CopyFrom(Path.Combine(_neuImages, name + ".jpg"), $"images/train/{name}.jpg");
            _folder.CopyFrom(Path.Combine(_neuMasks, name + ".png"), $"masks/train/{name}.png");
        }

        var images = ImportFolder.Read(_folder.Root, AnnotationFormat.MaskPng);

        Assert.Equal(["images/train/000001.jpg", "images/train/000002.jpg"], images.Select(i => i.RelativePath));
        Assert.Equal(_folder.PathOf("images/train/000002.jpg"), images[1].FullPath);
    }

    [Fact]
    public void In_one_folder_the_png_beside_a_jpeg_is_its_mask()
    {
        _folder.CopyFrom(Path.Combine(_neuImages, "000001.jpg"), "x.jpg");
        _folder.CopyFrom(Path.Combine(_neuMasks, "000001.png"), "x.png");

        var image = Assert.Single(ImportFolder.Read(_folder.Root, AnnotationFormat.MaskPng));

        Assert.Equal("x.jpg", image.RelativePath);
        Assert.Equal("x.png", image.Labels.SourceFile);
    }

    [Fact]
    public void Images_in_the_root_pair_with_masks_in_a_masks_subfolder()
    {
        _folder.Image("a.jpg", 8, 8);
        _folder.Mask("masks/a.png", new BinaryMask(8, 8));

        var image = Assert.Single(ImportFolder.Read(_folder.Root, AnnotationFormat.MaskPng));

        Assert.Equal(("a.jpg", "masks/a.png"), (image.RelativePath, image.Labels.SourceFile));
    }

    [Fact]
    public void The_threshold_applies_to_class_index_masks()
    {
        _folder.Image("images/a.png", 3, 1);
        _folder.Write("masks/a.png", EncodeGray([0, 1, 2]));

        var image = Assert.Single(ImportFolder.Read(_folder.Root, AnnotationFormat.MaskPng, new ImportFolderOptions { Threshold = 1 }));

        Assert.Equal(1, image.Labels.Rasterise(3, 1).Mask.CountDefects());
    }

    [Fact]
    public void Reports_every_unmatched_image_and_mask_at_once()
    {
        _folder.Image("images/a.jpg");
        _folder.Image("images/b.jpg");
        _folder.Mask("masks/a.png", new BinaryMask(200, 200));
        _folder.Mask("masks/c.png", new BinaryMask(200, 200));

        var problems = Problems.Of(_folder.Root, AnnotationFormat.MaskPng);

        Assert.Equal(2, problems.Count);
        Problems.Single(problems, "images/b.jpg", "has no mask: expected masks/b.png");
        Problems.Single(problems, "masks/c.png", "the mask has no image");
    }

    [Fact]
    public void Reports_a_mask_of_the_wrong_size()
    {
        _folder.Image("images/a.jpg", 200, 200);
        _folder.Mask("masks/a.png", new BinaryMask(100, 200));

        var problem = Assert.Single(Problems.Of(_folder.Root, AnnotationFormat.MaskPng));

        Assert.Equal("masks/a.png", problem.File);
        Assert.Contains("100x200", problem.Message);
        Assert.Contains("200x200", problem.Message);
    }

    [Fact]
    public void Rasterising_at_another_size_is_refused_naming_the_mask()
    {
        _folder.Image("images/a.jpg", 20, 10);
        _folder.Mask("masks/a.png", new BinaryMask(20, 10));
        var image = Assert.Single(ImportFolder.Read(_folder.Root, AnnotationFormat.MaskPng));

        var error = Assert.Throws<AnnotationException>(() => image.Labels.Rasterise(30, 10));

        Assert.Equal("masks/a.png", Assert.Single(error.Problems).File);
        Assert.Contains("30x10", error.Message);
    }

    [Fact]
    public void Reports_a_corrupt_mask()
    {
        _folder.Image("images/a.jpg");
        _folder.Write("masks/a.png", "not a png");

        Problems.Single(Problems.Of(_folder.Root, AnnotationFormat.MaskPng), "masks/a.png", "could not be decoded");
    }

    [Fact]
    public void Reports_a_mask_that_is_not_a_png_and_a_lone_png_in_one_folder()
    {
        _folder.Image("images/a.jpg");
        _folder.Image("masks/a.jpg");
        var separate = Problems.Of(_folder.Root, AnnotationFormat.MaskPng);
        Problems.Single(separate, "masks/a.jpg", "not a PNG");

        using var single = new TempFolder();
        single.Image("lonely.png");
        Problems.Single(Problems.Of(single.Root, AnnotationFormat.MaskPng), "lonely.png", "has no partner");
    }

    [Fact]
    public void Reports_images_with_the_same_name()
    {
        _folder.Image("images/a.jpg");
        _folder.Image("images/a.bmp");
        _folder.Mask("masks/a.png", new BinaryMask(200, 200));

        var problems = Problems.Of(_folder.Root, AnnotationFormat.MaskPng);

        Assert.Contains(problems, p => p.Message.Contains("share one name", StringComparison.Ordinal));
    }

    [Fact]
    public void Reports_a_linked_mask_that_points_outside_the_folder()
    {
        using var outside = new TempFolder();
        var secret = outside.Mask("secret.png", new BinaryMask(200, 200));
        _folder.Image("images/a.jpg");
        _folder.Link("masks/a.png", secret);

        var problems = Problems.Of(_folder.Root, AnnotationFormat.MaskPng);

        Problems.Single(problems, "masks/a.png", "symbolic link");
    }

    [Fact]
    public void Refuses_subfolder_options_that_escape_the_root()
    {
        var problems = Problems.Of(_folder.Root, AnnotationFormat.MaskPng, new ImportFolderOptions { ImagesSubfolder = "../images" });

        Problems.Single(problems, "../images", "leaves the import folder");
    }

    private static byte[] EncodeGray(byte[] values)
    {
        using var mat = OpenCvSharp.Mat.FromPixelData(1, values.Length, OpenCvSharp.MatType.CV_8UC1, values);
        return mat.ImEncode(".png");
    }
}
