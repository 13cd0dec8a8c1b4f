using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using DefectRefine.Masks;

namespace DefectRefine.Annotations.Readers;

/// <summary>
/// One Pascal VOC XML per image: &lt;filename&gt;, &lt;size&gt; and &lt;object&gt;&lt;bndbox&gt; boxes (the class
/// names are ignored: every object is a defect). VOC box corners are 1-based and INCLUSIVE: xmin=1, xmax=10 is the
/// first ten pixel columns, i.e. <see cref="PixelBox"/> X=0, Width=10; xmin=xmax is a one-pixel-wide box.
/// </summary>
internal static class PascalVocReader
{
    private const double MaxCoordinate = 1_000_000;

    public static List<AnnotatedImage> Read(ImportContext context)
    {
        var xmlFolder = context.Folder(context.Options.AnnotationFile, "annotations", "Annotations", "annotations");
        var imagesFolder = context.Folder(context.Options.ImagesSubfolder, "images", "JPEGImages", "images");
        if (xmlFolder is null || imagesFolder is null)
            return [];

        var result = new List<AnnotatedImage>();
        var claimedBy = new Dictionary<string, string>(StringComparer.Ordinal);
        // Names of XML files already reported: their image is not reported again as unannotated.
        var failed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var xml in context.Files(xmlFolder, f => Path.GetExtension(f).Equals(".xml", StringComparison.OrdinalIgnoreCase)))
        {
            var relativeXml = context.Relative(xml);
            if (Parse(context, relativeXml, xml) is not { } parsed || FindImage(context, relativeXml, imagesFolder, parsed.FileName) is not { } image)
            {
                failed.Add(ImageFiles.Key(xmlFolder, xml));
                continue;
            }
            var relativeImage = context.Relative(image);
            if (claimedBy.TryGetValue(relativeImage, out var other))
            {
                context.Problem(relativeXml, $"names the image {relativeImage}, which {other} already annotates.");
                continue;
            }
            claimedBy[relativeImage] = relativeXml;
            if (ImageFiles.TryReadSize(image) is var (width, height) && (width != parsed.Width || height != parsed.Height))
                context.Problem(relativeXml, $"declares the image as {parsed.Width}x{parsed.Height}, but {relativeImage} is {width}x{height}.");
            result.Add(new AnnotatedImage(relativeImage, image, new BoxLabels(relativeXml, parsed.Width, parsed.Height, parsed.Boxes, parsed.SimulatedBy)));
        }

        foreach (var image in context.Files(imagesFolder, ImageFiles.IsImage, exclude: xmlFolder))
            if (!claimedBy.ContainsKey(context.Relative(image)) && !failed.Contains(ImageFiles.Key(imagesFolder, image)))
                context.Problem(context.Relative(image), "no annotation XML names this image (an image without defects needs an XML with no objects).");
        return result;
    }

    private sealed record Parsed(string FileName, int Width, int Height, List<PixelBox> Boxes, string? SimulatedBy);

    // A generator marks its synthesised boxes in <source><annotation>; real VOC files hold a data set's name there.
    private const string SimulationPrefix = "simulation:";

    private static Parsed? Parse(ImportContext context, string file, string path)
    {
        if (!context.WithinCap(path, wholeFolder: false))
            return null;
        XDocument document;
        try
        {
            // No DTDs and no resolver: a label file cannot make the reader fetch or expand anything. The character cap
            // holds even if the file grows after its size was checked.
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = context.Options.MaxLabelFileBytes };
            using var reader = XmlReader.Create(path, settings);
            document = XDocument.Load(reader, LoadOptions.SetLineInfo);
        }
        catch (XmlException error)
        {
            context.Problem(file, $"is not well-formed XML: {error.Message}", error.LineNumber > 0 ? error.LineNumber : null);
            return null;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            context.Problem(file, $"cannot be read: {error.Message}");
            return null;
        }

        var root = document.Root!;
        if (root.Name.LocalName != "annotation")
        {
            context.Problem(file, $"the root element is <{root.Name.LocalName}>, not <annotation>.", Line(root));
            return null;
        }
        var problemsBefore = context.ProblemCount;
        var fileName = Text(context, file, root, "filename");
        var size = Child(context, file, root, "size");
        var width = size is null ? null : Integer(context, file, size, "width");
        var height = size is null ? null : Integer(context, file, size, "height");
        var boxes = new List<PixelBox>();
        foreach (var element in root.Elements("object"))
            if (Box(context, file, element, width, height) is { } box)
                boxes.Add(box);
        var claim = root.Element("source")?.Element("annotation")?.Value.Trim();
        var simulatedBy = claim is not null && claim.StartsWith(SimulationPrefix, StringComparison.OrdinalIgnoreCase) ? claim : null;
        return fileName is null || width is null || height is null || context.ProblemCount > problemsBefore
            ? null
            : new Parsed(fileName, width.Value, height.Value, boxes, simulatedBy);
    }

    private static PixelBox? Box(ImportContext context, string file, XElement element, int? width, int? height)
    {
        if (Child(context, file, element, "bndbox") is not { } bndbox)
            return null;
        var (xmin, ymin, xmax, ymax) = (Coordinate(context, file, bndbox, "xmin"), Coordinate(context, file, bndbox, "ymin"),
            Coordinate(context, file, bndbox, "xmax"), Coordinate(context, file, bndbox, "ymax"));
        if (xmin is null || ymin is null || xmax is null || ymax is null)
            return null;
        var line = Line(bndbox);
        if (xmin > xmax || ymin > ymax)
        {
            context.Problem(file, $"box ({xmin}, {ymin})-({xmax}, {ymax}) has its minimum beyond its maximum.", line);
            return null;
        }
        if (xmin < 1 || ymin < 1 || (width is { } w && xmax > w) || (height is { } h && ymax > h))
        {
            context.Problem(file, $"box ({xmin}, {ymin})-({xmax}, {ymax}) lies outside the declared {width}x{height} image (VOC corners run from 1 to the width and height).", line);
            return null;
        }
        return new PixelBox(xmin.Value - 1, ymin.Value - 1, xmax.Value - xmin.Value + 1, ymax.Value - ymin.Value + 1);
    }

    private static string? FindImage(ImportContext context, string file, string imagesFolder, string fileName)
    {
        var relative = Path.Combine(context.Relative(imagesFolder), fileName).Replace('\\', '/');
        if (context.Resolve(relative, file) is not { } full)
            return null;
        if (File.Exists(full))
            return full;
        // Some tools write <filename> without its extension.
        if (Path.GetExtension(fileName).Length == 0 && ImageFiles.Extensions.Select(e => full + e).FirstOrDefault(File.Exists) is { } withExtension)
            return withExtension;
        context.Problem(file, $"names the image '{fileName}', which is not in {context.Relative(imagesFolder)}.");
        return null;
    }

    private static XElement? Child(ImportContext context, string file, XElement parent, string name)
    {
        var child = parent.Element(name);
        if (child is null)
            context.Problem(file, $"<{parent.Name.LocalName}> has no <{name}>.", Line(parent));
        return child;
    }

    private static string? Text(ImportContext context, string file, XElement parent, string name)
    {
        var child = Child(context, file, parent, name);
        if (child is not null && string.IsNullOrWhiteSpace(child.Value))
        {
            context.Problem(file, $"<{name}> is empty.", Line(child));
            return null;
        }
        return child?.Value.Trim();
    }

    private static int? Integer(ImportContext context, string file, XElement parent, string name)
    {
        var value = Coordinate(context, file, parent, name);
        if (value is <= 0)
        {
            context.Problem(file, $"<{name}> is {value}; it must be positive.", Line(parent.Element(name)!));
            return null;
        }
        return value;
    }

    /// <summary>A number, rounded to the nearest whole pixel: some tools write sub-pixel corners such as "12.5".</summary>
    private static int? Coordinate(ImportContext context, string file, XElement parent, string name)
    {
        var text = Text(context, file, parent, name);
        if (text is null)
            return null;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && Math.Abs(value) <= MaxCoordinate)
            return (int)Math.Round(value, MidpointRounding.AwayFromZero);
        context.Problem(file, $"<{name}> is '{text}', not a number.", Line(parent.Element(name)!));
        return null;
    }

    private static int? Line(XObject node) => node is IXmlLineInfo info && info.HasLineInfo() ? info.LineNumber : null;
}
