using DefectRefine.Annotations;

namespace DefectRefine.UnitTests.Annotations;

/// <summary>
/// Label files over their configured cap are refused by size, before they are read: each case is a well-formed file
/// that reads fine without the cap, so each fails if its cap is removed.
/// </summary>
public sealed class AnnotationCapTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static ImportFolderOptions Capped(long labelFile = ImportFolderOptions.DefaultMaxLabelFileBytes, long annotationsFile = ImportFolderOptions.DefaultMaxAnnotationsFileBytes) => new()
    {
        MaxLabelFileBytes = labelFile,
        MaxAnnotationsFileBytes = annotationsFile,
        LabelFileCapName = "setting Test:Label",
        AnnotationsFileCapName = "setting Test:Annotations",
    };

    [Fact]
    public void A_coco_file_over_its_cap_is_refused_naming_the_setting()
    {
        _folder.Image("a.jpg", 40, 30);
        var json = """{"images": [{"id": 1, "file_name": "a.jpg", "width": 40, "height": 30}], "annotations": [{"id": 1, "image_id": 1, "bbox": [1, 1, 5, 5]}]}""";
        _folder.Write("coco.json", json);
        Assert.Single(ImportFolder.Read(_folder.Root, AnnotationFormat.Coco, Capped(annotationsFile: json.Length)));

        var problems = Problems.Of(_folder.Root, AnnotationFormat.Coco, Capped(annotationsFile: json.Length - 1));

        Problems.Single(problems, "coco.json", $"is {json.Length:N0} bytes; a file that labels the whole folder may hold at most {json.Length - 1:N0} (setting Test:Annotations)");
    }

    [Fact]
    public void A_yolo_label_file_over_its_cap_is_refused()
    {
        _folder.Image("images/a.jpg");
        _folder.Image("images/b.jpg");
        _folder.Write("labels/a.txt", "0 0.5 0.5 0.2 0.2\n");
        _folder.Write("labels/b.txt", string.Concat(Enumerable.Repeat("0 0.5 0.5 0.2 0.2\n", 10)));

        var problems = Problems.Of(_folder.Root, AnnotationFormat.Yolo, Capped(labelFile: 100));

        Problems.Single(problems, "labels/b.txt", "one image's label file may hold at most 100 (setting Test:Label)");
        Assert.Single(problems);
    }

    [Fact]
    public void A_voc_file_over_its_cap_is_refused()
    {
        _folder.Image("images/a.jpg", 40, 30);
        var boxes = string.Concat(Enumerable.Repeat("<object><bndbox><xmin>1</xmin><ymin>1</ymin><xmax>5</xmax><ymax>5</ymax></bndbox></object>", 20));
        _folder.Write("Annotations/a.xml", $"<annotation><filename>a.jpg</filename><size><width>40</width><height>30</height></size>{boxes}</annotation>");
        Assert.Single(ImportFolder.Read(_folder.Root, AnnotationFormat.PascalVoc));

        var problems = Problems.Of(_folder.Root, AnnotationFormat.PascalVoc, Capped(labelFile: 1000));

        Problems.Single(problems, "Annotations/a.xml", "may hold at most 1,000 (setting Test:Label)");
        Assert.Single(problems);
    }

    [Fact]
    public void A_provenance_record_over_its_cap_is_refused()
    {
        _folder.Image("images/a.jpg");
        _folder.Write("labels/a.txt", "");
        _folder.Write("generation.json", """{"generator": "steel", "images": []}""");

        var problems = Problems.Of(_folder.Root, AnnotationFormat.Yolo, Capped(annotationsFile: 10));

        Problems.Single(problems, "generation.json", "may hold at most 10 (setting Test:Annotations)");
    }
}
