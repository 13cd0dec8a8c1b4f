using System.Text.Json;
using DefectRefine.Annotations;
using DefectRefine.Annotations.Export;
using DefectRefine.Masks;
using DefectRefine.UnitTests.Masks;

namespace DefectRefine.UnitTests.Annotations;

public sealed class ExportRoundTripTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static IReadOnlyList<ExportedMask> Masks() =>
    [
        .. NeuMasks.FirstTrain(3).Select(m => new ExportedMask("images/" + Path.ChangeExtension(m.Name, ".jpg"), 200, 200, m.Mask)),
        new ExportedMask("images/noise.png", 31, 17, InitialMasks.Noise(31, 17, seed: 4, defectFraction: 0.3)),
        new ExportedMask("images/empty.png", 20, 10, new BinaryMask(20, 10)),
    ];

    [Fact]
    public void Coco_export_reads_back_as_the_same_masks()
    {
        var masks = Masks();
        foreach (var mask in masks)
            _folder.Image(mask.FileName, mask.Width, mask.Height);
        using (var file = File.Create(_folder.PathOf("annotations.json")))
            CocoExport.Write(file, masks);

        var images = ImportFolder.Read(_folder.Root, AnnotationFormat.Coco);

        Assert.Equal(masks.Select(m => m.FileName).Order(StringComparer.Ordinal), images.Select(i => i.RelativePath));
        foreach (var mask in masks)
        {
            var labels = images.Single(i => i.RelativePath == mask.FileName).Labels.Rasterise(mask.Width, mask.Height);
            Assert.Equal(mask.Mask, labels.Mask);
            Assert.Equal(mask.Mask.CountDefects() > 0 ? InitialLabelKind.Segmentation : InitialLabelKind.Roi, labels.Kind);
        }
    }

    [Fact]
    public void Coco_export_has_one_defect_annotation_per_component()
    {
        var mask = NeuMasks.Parse("##....", "......", "...#.#");
        using var stream = new MemoryStream();

        CocoExport.Write(stream, [new ExportedMask("a.png", 6, 3, mask)]);

        using var json = JsonDocument.Parse(stream.ToArray());
        var category = Assert.Single(json.RootElement.GetProperty("categories").EnumerateArray());
        Assert.Equal("defect", category.GetProperty("name").GetString());
        var annotations = json.RootElement.GetProperty("annotations").EnumerateArray().ToList();
        Assert.Equal(3, annotations.Count);
        Assert.Equal([0, 0, 2, 1], annotations[0].GetProperty("bbox").EnumerateArray().Select(v => v.GetInt32()));
        Assert.Equal(2, annotations[0].GetProperty("area").GetInt32());
        Assert.Equal([3, 6], annotations[0].GetProperty("segmentation").GetProperty("size").EnumerateArray().Select(v => v.GetInt32()));
        Assert.Equal(ConnectedComponents.Split(mask)[0].Mask, CocoRle.DecodeCompressed(6, 3, annotations[0].GetProperty("segmentation").GetProperty("counts").GetString()!));
        Assert.All(annotations, a => Assert.Equal(0, a.GetProperty("iscrowd").GetInt32()));
    }

    [Fact]
    public void Voc_export_reads_back_as_the_component_boxes()
    {
        foreach (var mask in Masks())
        {
            var name = Path.GetFileName(mask.FileName);
            _folder.Image("JPEGImages/" + name, mask.Width, mask.Height);
            using var xml = new MemoryStream();
            VocExport.Write(xml, name, mask.Width, mask.Height, mask.Mask);
            _folder.Write("Annotations/" + Path.ChangeExtension(name, ".xml"), xml.ToArray());
        }

        var images = ImportFolder.Read(_folder.Root, AnnotationFormat.PascalVoc);

        foreach (var mask in Masks())
        {
            var labels = images.Single(i => i.RelativePath == "JPEGImages/" + Path.GetFileName(mask.FileName)).Labels.Rasterise(mask.Width, mask.Height);
            var bounds = ConnectedComponents.Find(mask.Mask).Select(c => c.Bounds).ToList();
            Assert.Equal(bounds, labels.Boxes);
            Assert.Equal(InitialMasks.Roi(mask.Width, mask.Height, bounds), labels.Mask);
        }
    }

    [Fact]
    public void Voc_export_writes_one_based_inclusive_corners()
    {
        using var stream = new MemoryStream();

        VocExport.Write(stream, "a.png", 6, 3, NeuMasks.Parse("......", ".##...", "......"));

        var xml = System.Xml.Linq.XDocument.Parse(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
        var box = xml.Root!.Element("object")!.Element("bndbox")!;
        Assert.Equal(["2", "2", "3", "2"], new[] { "xmin", "ymin", "xmax", "ymax" }.Select(n => box.Element(n)!.Value));
    }

    [Fact]
    public void Exporters_refuse_a_mask_of_another_size()
    {
        Assert.Throws<ArgumentException>(() => CocoExport.Write(new MemoryStream(), [new ExportedMask("a.png", 5, 5, new BinaryMask(4, 5))]));
        Assert.Throws<ArgumentException>(() => VocExport.Write(new MemoryStream(), "a.png", 5, 5, new BinaryMask(4, 5)));
    }
}
