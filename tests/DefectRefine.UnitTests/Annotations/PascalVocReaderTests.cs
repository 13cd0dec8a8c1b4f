using DefectRefine.Annotations;
using DefectRefine.Masks;

namespace DefectRefine.UnitTests.Annotations;

public sealed class PascalVocReaderTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static string Voc(string fileName, int width, int height, params (string XMin, string YMin, string XMax, string YMax)[] boxes) =>
        $"""
        <annotation>
          <filename>{fileName}</filename>
          <size><width>{width}</width><height>{height}</height><depth>1</depth></size>
          {string.Concat(boxes.Select(b => $"<object><name>scratch</name><bndbox><xmin>{b.XMin}</xmin><ymin>{b.YMin}</ymin><xmax>{b.XMax}</xmax><ymax>{b.YMax}</ymax></bndbox></object>"))}
        </annotation>
        """;

    [Fact]
    public void Reads_the_standard_layout_with_one_based_inclusive_corners()
    {
        _folder.Image("JPEGImages/a.jpg", 40, 30);
        _folder.Write("Annotations/a.xml", Voc("a.jpg", 40, 30, ("1", "1", "10", "5"), ("40", "30", "40", "30")));

        var image = Assert.Single(ImportFolder.Read(_folder.Root, AnnotationFormat.PascalVoc));

        Assert.Equal("JPEGImages/a.jpg", image.RelativePath);
        Assert.Equal("Annotations/a.xml", image.Labels.SourceFile);
        var labels = image.Labels.Rasterise(40, 30);
        Assert.Equal(InitialLabelKind.Roi, labels.Kind);
        // xmin 1..xmax 10 are the first ten columns; 40,40 is the single last pixel.
        Assert.Equal([new PixelBox(0, 0, 10, 5), new PixelBox(39, 29, 1, 1)], labels.Boxes);
        Assert.Equal(InitialMasks.Roi(40, 30, labels.Boxes), labels.Mask);
    }

    [Fact]
    public void An_annotation_without_objects_is_an_all_background_roi()
    {
        _folder.Image("a.jpg", 20, 20);
        _folder.Write("a.xml", Voc("a.jpg", 20, 20));

        var labels = Assert.Single(ImportFolder.Read(_folder.Root, AnnotationFormat.PascalVoc)).Labels.Rasterise(20, 20);

        Assert.Empty(labels.Boxes);
        Assert.Equal(0, labels.Mask.CountDefects());
    }

    [Fact]
    public void Reports_malformed_xml_with_its_line()
    {
        _folder.Image("images/a.jpg");
        _folder.Write("annotations/a.xml", "<annotation>\n<filename>a.jpg</filename>\n<size>\n</annotation>");

        var problem = Problems.Single(Problems.Of(_folder.Root, AnnotationFormat.PascalVoc), "annotations/a.xml", "not well-formed XML");

        Assert.Equal(4, problem.Line);
    }

    [Fact]
    public void Reports_every_bad_field_in_every_file()
    {
        _folder.Image("images/a.jpg", 40, 30);
        _folder.Image("images/b.jpg", 40, 30);
        _folder.Image("images/c.jpg", 40, 30);
        _folder.Image("images/d.jpg", 40, 30);
        _folder.Write("annotations/a.xml", "<annotation><filename>a.jpg</filename></annotation>");
        _folder.Write("annotations/b.xml", Voc("b.jpg", 40, 30, ("1", "1", "ten", "5")));
        _folder.Write("annotations/c.xml", Voc("c.jpg", 40, 30, ("10", "1", "5", "5")));
        _folder.Write("annotations/d.xml", Voc("d.jpg", 40, 30, ("1", "1", "41", "5"), ("0", "1", "5", "5")));

        var problems = Problems.Of(_folder.Root, AnnotationFormat.PascalVoc);

        Problems.Single(problems, "annotations/a.xml", "has no <size>");
        Problems.Single(problems, "annotations/b.xml", "<xmax> is 'ten', not a number");
        Problems.Single(problems, "annotations/c.xml", "minimum beyond its maximum");
        Assert.Equal(2, problems.Count(p => p.File == "annotations/d.xml" && p.Message.Contains("outside the declared 40x30", StringComparison.Ordinal)));
        Assert.All(problems, p => Assert.NotNull(p.Line));
    }

    [Fact]
    public void Reports_a_declared_size_that_differs_from_the_image()
    {
        _folder.Image("images/a.jpg", 40, 30);
        _folder.Write("annotations/a.xml", Voc("a.jpg", 50, 30));

        Problems.Single(Problems.Of(_folder.Root, AnnotationFormat.PascalVoc), "annotations/a.xml", "declares the image as 50x30, but images/a.jpg is 40x30");
    }

    [Fact]
    public void Rasterising_at_another_size_is_refused()
    {
        _folder.Image("images/a.tif", 40, 30);
        _folder.Write("annotations/a.xml", Voc("a.tif", 40, 30, ("1", "1", "4", "4")));
        var image = Assert.Single(ImportFolder.Read(_folder.Root, AnnotationFormat.PascalVoc));

        var error = Assert.Throws<AnnotationException>(() => image.Labels.Rasterise(41, 30));

        Assert.Equal("annotations/a.xml", Assert.Single(error.Problems).File);
        Assert.Contains("declares the image as 40x30, but it is 41x30", error.Message);
    }

    [Fact]
    public void Reports_missing_images_and_images_without_xml()
    {
        _folder.Image("images/a.jpg");
        _folder.Write("annotations/b.xml", Voc("b.jpg", 200, 200));

        var problems = Problems.Of(_folder.Root, AnnotationFormat.PascalVoc);

        Problems.Single(problems, "annotations/b.xml", "names the image 'b.jpg', which is not in images");
        Problems.Single(problems, "images/a.jpg", "no annotation XML names this image");
    }

    [Theory]
    [InlineData("../secret.jpg", "leaves the import folder")]
    [InlineData("/etc/passwd", "absolute path")]
    public void Refuses_file_names_outside_the_folder(string fileName, string reason)
    {
        _folder.Write("annotations/a.xml", Voc(fileName, 200, 200));

        Problems.Single(Problems.Of(_folder.Root, AnnotationFormat.PascalVoc), "annotations/a.xml", reason);
    }

    [Fact]
    public void Refuses_xml_with_a_dtd()
    {
        _folder.Image("images/a.jpg");
        _folder.Write("annotations/a.xml", "<?xml version=\"1.0\"?><!DOCTYPE annotation [<!ENTITY x \"y\">]><annotation><filename>&x;</filename></annotation>");

        Problems.Single(Problems.Of(_folder.Root, AnnotationFormat.PascalVoc), "annotations/a.xml", "not well-formed XML");
    }
}
