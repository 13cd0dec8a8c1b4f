using System.Text.Json.Nodes;
using DefectRefine.Annotations;
using DefectRefine.Masks;
using DefectRefine.Masks.Simulation.Steel;

namespace DefectRefine.UnitTests.Annotations;

/// <summary>
/// Simulated labels must be recorded as simulated, and a person's labels never: the provenance record marks exactly
/// the files it names, a file that claims to be simulated without a record is refused, and so is one edited after
/// generation.
/// </summary>
public sealed class ProvenanceTests : IDisposable
{
    private static readonly SteelSurfaceOptions _options = new() { Width = 64, Height = 48, Seed = 11 };
    private static readonly ImportFolderOptions _roi = new() { AnnotationFile = SteelSurfaceDatasetWriter.RoiFolder };
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Generate(int count = 2)
    {
        var root = _folder.PathOf("steel");
        SteelSurfaceDatasetWriter.Write(root, _options, count, writeRoi: true);
        return root;
    }

    [Fact]
    public void The_generators_boxes_carry_the_simulator_and_generator_parameters()
    {
        var root = Generate();

        var image = ImportFolder.Read(root, AnnotationFormat.PascalVoc, _roi)[1];

        var provenance = Assert.IsType<LabelProvenance>(image.Provenance);
        Assert.Equal("simulation:expert-roi", provenance.Source);
        Assert.Equal("generation.json", provenance.RecordFile);
        Assert.Equal(SteelSurfaceGenerator.Generate(_options, 1).Roi.Boxes, provenance.Boxes);
        Assert.Equal("steel-surface", provenance.Parameters["generator"]);
        Assert.Equal("11", provenance.Parameters["datasetSeed"]);
        Assert.Equal("steel-0001", provenance.Parameters["image"]);
        Assert.Equal("expert-roi", provenance.Parameters["simulation"]);
        Assert.Equal("3", provenance.Parameters["maxBoxes"]);
    }

    [Fact]
    public void A_persons_voc_files_are_not_marked_simulated()
    {
        _folder.Image("JPEGImages/a.jpg", 40, 30);
        _folder.Write("Annotations/a.xml", """
            <annotation><filename>a.jpg</filename><source><database>plant 4</database><annotation>PASCAL VOC2007</annotation></source>
            <size><width>40</width><height>30</height><depth>1</depth></size>
            <object><name>scratch</name><bndbox><xmin>1</xmin><ymin>1</ymin><xmax>10</xmax><ymax>5</ymax></bndbox></object></annotation>
            """);

        var image = Assert.Single(ImportFolder.Read(_folder.Root, AnnotationFormat.PascalVoc));

        Assert.Null(image.Provenance);
        Assert.Null(image.Rasterise(40, 30).Simulation);
    }

    [Theory]
    [InlineData("{\"model\": \"other tool\"}")]
    [InlineData("not json")]
    public void Another_tools_generation_json_neither_marks_nor_blocks_a_persons_labels(string text)
    {
        _folder.Image("images/a.png", 40, 30);
        _folder.Write("labels/a.txt", "0 0.5 0.5 0.25 0.5\n");
        _folder.Write("generation.json", text);

        var image = Assert.Single(ImportFolder.Read(_folder.Root, AnnotationFormat.Yolo));

        Assert.Null(image.Provenance);
        Assert.Null(image.Rasterise(40, 30).Simulation);
    }

    [Fact]
    public void Labels_the_record_does_not_name_stay_unmarked_beside_it()
    {
        var root = Generate();

        // The true masks are the generator's truth, not the simulated expert's boxes the record names.
        var images = ImportFolder.Read(root, AnnotationFormat.MaskPng);

        Assert.All(images, image => Assert.Null(image.Provenance));
        Assert.All(images, image => Assert.Equal(InitialLabelKind.Segmentation, image.Rasterise(64, 48).Kind));
    }

    [Fact]
    public void A_file_that_claims_to_be_simulated_is_refused_without_the_record()
    {
        var root = Generate();
        File.Delete(Path.Combine(root, SteelSurfaceDatasetWriter.ManifestFile));

        var error = Assert.Throws<AnnotationException>(() => ImportFolder.Read(root, AnnotationFormat.PascalVoc, _roi));

        Assert.Equal(["roi/steel-0000.xml", "roi/steel-0001.xml"], error.Problems.Select(p => p.File));
        Assert.All(error.Problems, p => Assert.Contains("simulation:expert-roi", p.Message, StringComparison.Ordinal));
        Assert.All(error.Problems, p => Assert.Contains("generation.json", p.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Boxes_edited_after_generation_are_refused_when_rasterised()
    {
        var root = Generate();
        var file = Path.Combine(root, "roi", "steel-0000.xml");
        var box = SteelSurfaceGenerator.Generate(_options, 0).Roi.Boxes[0];
        File.WriteAllText(file, File.ReadAllText(file).Replace($"<xmin>{box.X + 1}</xmin>", $"<xmin>{box.X + 2}</xmin>", StringComparison.Ordinal));
        var image = ImportFolder.Read(root, AnnotationFormat.PascalVoc, _roi)[0];

        var error = Assert.Throws<AnnotationException>(() => image.Rasterise(64, 48));

        Assert.Equal("roi/steel-0000.xml", Assert.Single(error.Problems).File);
        Assert.Contains("changed after generation", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_record_from_before_the_voc_files_turns_its_roi_masks_into_simulated_boxes()
    {
        var root = Generate();
        // The earlier layout: roi/NAME.png masks and no "file" in the record.
        var record = JsonNode.Parse(File.ReadAllText(Path.Combine(root, "generation.json")))!;
        for (var index = 0; index < 2; index++)
        {
            record["images"]![index]!["roi"]!.AsObject().Remove("file");
            File.Delete(Path.Combine(root, "roi", $"steel-{index:D4}.xml"));
            File.WriteAllBytes(Path.Combine(root, "roi", $"steel-{index:D4}.png"), MaskPng.Encode(SteelSurfaceGenerator.Generate(_options, index).Roi.Mask));
        }
        File.WriteAllText(Path.Combine(root, "generation.json"), record.ToJsonString());

        var images = ImportFolder.Read(root, AnnotationFormat.MaskPng, new ImportFolderOptions { MasksSubfolder = "roi" });

        var labels = images[0].Rasterise(64, 48);
        Assert.Equal(InitialLabelKind.Roi, labels.Kind);
        Assert.Equal(SteelSurfaceGenerator.Generate(_options, 0).Roi.Boxes, labels.Boxes);
        Assert.Equal("simulation:expert-roi", labels.Simulation?.Source);
    }

    [Fact]
    public void A_named_record_that_is_missing_or_malformed_is_a_problem()
    {
        var root = Generate();
        File.WriteAllText(Path.Combine(root, "broken.json"), "{\"generator\": ");

        var missing = Assert.Throws<AnnotationException>(() => ImportFolder.Read(root, AnnotationFormat.PascalVoc, _roi with { Provenance = "elsewhere.json" }));
        var malformed = Assert.Throws<AnnotationException>(() => ImportFolder.Read(root, AnnotationFormat.PascalVoc, _roi with { Provenance = "broken.json" }));

        Assert.Contains(missing.Problems, p => p.File == "elsewhere.json" && p.Message.Contains("does not exist", StringComparison.Ordinal));
        Assert.Contains(malformed.Problems, p => p.File == "broken.json" && p.Message.Contains("not valid JSON", StringComparison.Ordinal));
    }
}
