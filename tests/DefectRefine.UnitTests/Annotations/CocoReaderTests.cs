using DefectRefine.Annotations;
using DefectRefine.Masks;

namespace DefectRefine.UnitTests.Annotations;

public sealed class CocoReaderTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static string Coco(string annotations, string images = """[{"id": 1, "file_name": "a.jpg", "width": 40, "height": 30}]""") =>
        $$"""{"images": {{images}}, "annotations": {{annotations}}, "categories": [{"id": 1, "name": "defect"}]}""";

    private LabelledMask ReadSingle(string json, int width = 40, int height = 30)
    {
        _folder.Image("a.jpg", width, height);
        _folder.Write("labels.json", json);
        var image = Assert.Single(ImportFolder.Read(_folder.Root, AnnotationFormat.Coco));
        Assert.Equal("a.jpg", image.RelativePath);
        Assert.Equal("labels.json", image.Labels.SourceFile);
        return image.Labels.Rasterise(width, height);
    }

    [Fact]
    public void Boxes_only_give_a_roi()
    {
        var labels = ReadSingle(Coco("""[{"id": 7, "image_id": 1, "bbox": [2, 3, 10, 5]}, {"id": 8, "image_id": 1, "bbox": [30.0, 20.0, 10.0, 10.0]}]"""));

        Assert.Equal(InitialLabelKind.Roi, labels.Kind);
        Assert.Equal([new PixelBox(2, 3, 10, 5), new PixelBox(30, 20, 10, 10)], labels.Boxes);
        Assert.Equal(InitialMasks.Roi(40, 30, labels.Boxes), labels.Mask);
    }

    [Fact]
    public void Polygons_give_a_segmentation_and_box_only_annotations_are_filled_too()
    {
        var labels = ReadSingle(Coco("""
            [{"id": 1, "image_id": 1, "bbox": [2, 2, 4, 3], "segmentation": [[2, 2, 6, 2, 6, 5, 2, 5]], "iscrowd": 0},
             {"id": 2, "image_id": 1, "bbox": [20, 20, 2, 2]}]
            """));

        Assert.Equal(InitialLabelKind.Segmentation, labels.Kind);
        Assert.Equal([new PixelBox(20, 20, 2, 2)], labels.Boxes);
        Assert.Equal(InitialMasks.Roi(40, 30, [new PixelBox(2, 2, 4, 3), new PixelBox(20, 20, 2, 2)]), labels.Mask);
    }

    [Fact]
    public void Reads_rle_as_counts_and_as_a_compressed_string()
    {
        var truth = InitialMasks.Noise(40, 30, seed: 3, defectFraction: 0.2);
        var left = InitialMasks.Roi(40, 30, [new PixelBox(0, 0, 20, 30)]);
        var right = InitialMasks.Roi(40, 30, [new PixelBox(20, 0, 20, 30)]);
        var (leftPart, rightPart) = (Intersect(truth, left), Intersect(truth, right));
        var counts = string.Join(", ", CocoRle.Encode(leftPart));
        var compressed = CocoRle.EncodeCompressed(rightPart);
        var json = Coco(
            "[{\"id\": 1, \"image_id\": 1, \"iscrowd\": 1, \"segmentation\": {\"size\": [30, 40], \"counts\": [" + counts + "]}},"
            + " {\"id\": 2, \"image_id\": 1, \"segmentation\": {\"size\": [30, 40], \"counts\": \"" + compressed + "\"}}]");

        var labels = ReadSingle(json);

        Assert.Equal(InitialLabelKind.Segmentation, labels.Kind);
        Assert.Equal(truth, labels.Mask);
    }

    [Fact]
    public void Images_without_annotations_are_all_background()
    {
        var labels = ReadSingle(Coco("[]"));

        Assert.Equal(InitialLabelKind.Roi, labels.Kind);
        Assert.Equal(0, labels.Mask.CountDefects());
    }

    [Fact]
    public void Reports_every_bad_annotation_naming_the_file_and_entry()
    {
        _folder.Image("a.jpg", 40, 30);
        _folder.Write("coco.json", Coco("""
            [{"id": 1, "image_id": 9, "bbox": [0, 0, 1, 1]},
             {"id": 2, "image_id": 1, "bbox": [0, 0, 1]},
             {"id": 3, "image_id": 1, "bbox": [0, 0, -1, 4]},
             {"id": 4, "image_id": 1, "bbox": [35, 0, 10, 4]},
             {"id": 5, "image_id": 1, "segmentation": [[1, 1, 5, 1, 5]]},
             {"id": 6, "image_id": 1, "segmentation": {"size": [40, 30], "counts": [1200]}},
             {"id": 7, "image_id": 1, "segmentation": {"size": [30, 40], "counts": [10, 20]}},
             {"id": 8, "image_id": 1, "segmentation": {"size": [30, 40], "counts": "0~"}},
             {"id": 9, "image_id": 1}]
            """));

        var problems = Problems.Of(_folder.Root, AnnotationFormat.Coco);

        Assert.Equal(9, problems.Count);
        Problems.Single(problems, "coco.json", "annotations[0] (id 1): image_id 9 is not in \"images\"");
        Problems.Single(problems, "coco.json", "(id 2): bbox must be 4 numbers");
        Problems.Single(problems, "coco.json", "(id 3): bbox [0, 0, -1, 4] has no area");
        Problems.Single(problems, "coco.json", "(id 4): bbox [35, 0, 10, 4] lies outside the 40x30 image");
        Problems.Single(problems, "coco.json", "(id 5): segmentation polygon 0 has an odd number of coordinates");
        Problems.Single(problems, "coco.json", "(id 6): RLE size [40, 30] does not match");
        Problems.Single(problems, "coco.json", "(id 7): RLE counts sum to 30");
        Problems.Single(problems, "coco.json", "(id 8): The compressed RLE string has '~'");
        Problems.Single(problems, "coco.json", "(id 9): has neither a bbox nor a segmentation");
    }

    [Fact]
    public void Reports_bad_images()
    {
        _folder.Image("a.jpg", 40, 30);
        _folder.Write("coco.json", Coco("[]", """
            [{"id": 1, "file_name": "a.jpg", "width": 41, "height": 30},
             {"id": 2, "file_name": "missing.jpg", "width": 40, "height": 30},
             {"id": 3, "file_name": "../outside.jpg", "width": 40, "height": 30},
             {"id": 4, "file_name": "/etc/passwd", "width": 40, "height": 30},
             {"id": 4, "file_name": "a.jpg", "width": 40, "height": 30},
             {"id": 5, "width": 40, "height": 30}]
            """));

        var problems = Problems.Of(_folder.Root, AnnotationFormat.Coco);

        Problems.Single(problems, "coco.json", "image id 1 ('a.jpg'): declared 41x30, but a.jpg is 40x30");
        Problems.Single(problems, "coco.json", "image id 2 ('missing.jpg'): the image file is not in the folder");
        Problems.Single(problems, "coco.json", "image id 3 ('../outside.jpg'): file_name leaves the import folder");
        Problems.Single(problems, "coco.json", "image id 4 ('/etc/passwd'): file_name is an absolute path");
        Problems.Single(problems, "coco.json", "images[4]: the image id 4 is used twice");
        Problems.Single(problems, "coco.json", "images[5]: needs a whole-number \"id\", a \"file_name\"");
    }

    [Fact]
    public void Reports_invalid_json_with_its_line()
    {
        _folder.Write("coco.json", "{\n\"images\": [\n{\"id\": 1,,}\n]}");

        var problem = Problems.Single(Problems.Of(_folder.Root, AnnotationFormat.Coco), "coco.json", "is not valid JSON");

        Assert.Equal(3, problem.Line);
    }

    [Fact]
    public void Needs_exactly_one_json_unless_told_which()
    {
        _folder.Image("a.jpg", 40, 30);
        _folder.Write("one.json", Coco("[]"));
        _folder.Write("two.json", "{}");

        Problems.Single(Problems.Of(_folder.Root, AnnotationFormat.Coco), ".", "holds several JSON files (one.json, two.json)");
        Assert.Single(ImportFolder.Read(_folder.Root, AnnotationFormat.Coco, new ImportFolderOptions { AnnotationFile = "one.json" }));
        Problems.Single(Problems.Of(_folder.Root, AnnotationFormat.Coco, new ImportFolderOptions { AnnotationFile = "none.json" }), "none.json", "does not exist");
    }

    [Fact]
    public void Finds_images_in_the_images_folder_and_the_json_in_annotations()
    {
        _folder.Image("images/a.jpg", 40, 30);
        _folder.Write("annotations/instances.json", Coco("[]"));

        var image = Assert.Single(ImportFolder.Read(_folder.Root, AnnotationFormat.Coco));

        Assert.Equal("images/a.jpg", image.RelativePath);
        Assert.Equal("annotations/instances.json", image.Labels.SourceFile);
    }

    [Fact]
    public void Rasterising_at_another_size_is_refused()
    {
        _folder.Image("a.tif", 40, 30);
        _folder.Write("coco.json", Coco("[]", """[{"id": 1, "file_name": "a.tif", "width": 40, "height": 30}]"""));
        var image = Assert.Single(ImportFolder.Read(_folder.Root, AnnotationFormat.Coco));

        var error = Assert.Throws<AnnotationException>(() => image.Labels.Rasterise(40, 31));

        Assert.Equal("coco.json", Assert.Single(error.Problems).File);
        Assert.Contains("40x31", error.Message);
    }

    private static BinaryMask Intersect(BinaryMask a, BinaryMask b)
    {
        var result = new BinaryMask(a.Width, a.Height);
        for (var i = 0; i < a.PixelCount; i++)
            result.Set(i, a.Get(i) && b.Get(i));
        return result;
    }
}
