using DefectRefine.Annotations;
using DefectRefine.Masks;

namespace DefectRefine.UnitTests.Annotations;

public sealed class YoloReaderTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Reads_normalised_boxes_from_the_labels_folder()
    {
        _folder.Image("images/train/a.jpg", 100, 50);
        _folder.Write("labels/train/a.txt", "0 0.5 0.5 0.2 0.4\n\n3 0.05 0.1 0.1 0.2\n");

        var image = Assert.Single(ImportFolder.Read(_folder.Root, AnnotationFormat.Yolo));

        Assert.Equal("images/train/a.jpg", image.RelativePath);
        Assert.Equal("labels/train/a.txt", image.Labels.SourceFile);
        var labels = image.Labels.Rasterise(100, 50);
        Assert.Equal(InitialLabelKind.Roi, labels.Kind);
        // Centre 50,25 size 20x20 → 40..60 x 15..35; centre 5,5 size 10x10 → 0..10 x 0..10.
        Assert.Equal([new PixelBox(40, 15, 20, 20), new PixelBox(0, 0, 10, 10)], labels.Boxes);
        Assert.Equal(InitialMasks.Roi(100, 50, labels.Boxes), labels.Mask);
    }

    [Fact]
    public void Reads_label_files_beside_the_images_and_an_empty_file_is_all_background()
    {
        _folder.Image("a.jpg");
        _folder.Write("a.txt", "");
        _folder.Write("classes.txt", "defect\n");

        var labels = Assert.Single(ImportFolder.Read(_folder.Root, AnnotationFormat.Yolo)).Labels.Rasterise(200, 200);

        Assert.Empty(labels.Boxes);
        Assert.Equal(0, labels.Mask.CountDefects());
    }

    [Fact]
    public void Images_in_the_root_pair_with_a_labels_subfolder()
    {
        _folder.Image("a.jpg");
        _folder.Write("labels/a.txt", "0 0.5 0.5 0.5 0.5");

        var image = Assert.Single(ImportFolder.Read(_folder.Root, AnnotationFormat.Yolo));

        Assert.Equal(("a.jpg", "labels/a.txt"), (image.RelativePath, image.Labels.SourceFile));
        Assert.Equal([new PixelBox(50, 50, 100, 100)], image.Labels.Rasterise(200, 200).Boxes);
    }

    [Fact]
    public void A_tiny_box_still_marks_a_pixel()
    {
        _folder.Image("a.jpg", 10, 10);
        _folder.Write("a.txt", "0 0.999 0.5 0.0001 0.0001");

        var labels = Assert.Single(ImportFolder.Read(_folder.Root, AnnotationFormat.Yolo)).Labels.Rasterise(10, 10);

        Assert.Equal([new PixelBox(9, 5, 1, 1)], labels.Boxes);
    }

    [Fact]
    public void Reports_each_malformed_line_with_its_number()
    {
        _folder.Image("images/a.jpg");
        _folder.Write("labels/a.txt", string.Join('\n',
            "0 0.5 0.5 0.2 0.2",
            "0 0.5 0.5 0.2",
            "x 0.5 0.5 0.2 0.2",
            "0 0.5 half 0.2 0.2",
            "0 1.5 0.5 0.2 0.2",
            "0 0.5 0.5 0 0.2",
            "0 0.95 0.5 0.2 0.2",
            "0 0.5 0.5 0.2 0.2 0.7 0.7"));

        var problems = Problems.Of(_folder.Root, AnnotationFormat.Yolo);

        Assert.Equal([2, 3, 4, 5, 6, 7, 8], problems.Select(p => p.Line));
        Assert.All(problems, p => Assert.Equal("labels/a.txt", p.File));
        Assert.Contains("expected 5 values", problems[0].Message);
        Assert.Contains("class 'x'", problems[1].Message);
        Assert.Contains("centreY 'half' is not a number", problems[2].Message);
        Assert.Contains("centreX 1.5 lies outside [0, 1]", problems[3].Message);
        Assert.Contains("no area", problems[4].Message);
        Assert.Contains("reaches outside the image", problems[5].Message);
        Assert.Contains("found 7", problems[6].Message);
    }

    [Fact]
    public void Reports_images_without_label_files_and_label_files_without_images()
    {
        _folder.Image("images/a.jpg");
        _folder.Write("labels/b.txt", "");

        var problems = Problems.Of(_folder.Root, AnnotationFormat.Yolo);

        Problems.Single(problems, "images/a.jpg", "has no label file labels/a.txt");
        Problems.Single(problems, "labels/b.txt", "has no image");
    }

    [Fact]
    public void Uses_the_configured_folders()
    {
        _folder.Image("pictures/a.jpg");
        _folder.Write("boxes/a.txt", "0 0.5 0.5 1 1");

        var image = Assert.Single(ImportFolder.Read(_folder.Root, AnnotationFormat.Yolo, new ImportFolderOptions { ImagesSubfolder = "pictures", AnnotationFile = "boxes" }));

        Assert.Equal([new PixelBox(0, 0, 200, 200)], image.Labels.Rasterise(200, 200).Boxes);
        Problems.Single(Problems.Of(_folder.Root, AnnotationFormat.Yolo, new ImportFolderOptions { AnnotationFile = "nowhere" }), "nowhere", "the labels folder does not exist");
    }
}
