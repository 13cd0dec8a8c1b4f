using System.Text;
using System.Xml;
using System.Xml.Linq;
using DefectRefine.Masks;

namespace DefectRefine.Annotations.Export;

/// <summary>
/// Writes a mask as a Pascal VOC XML: one "defect" object per 8-connected defect region, its bounding box in VOC's
/// 1-based inclusive corners (a region in pixel columns 0..9 is xmin 1, xmax 10).
/// </summary>
public static class VocExport
{
    public static void Write(Stream output, string fileName, int width, int height, BinaryMask mask)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        ArgumentNullException.ThrowIfNull(mask);
        if (mask.Width != width || mask.Height != height)
            throw new ArgumentException($"{fileName}: the mask is {mask.Width}x{mask.Height}, but the image is {width}x{height}.", nameof(mask));

        var annotation = new XElement("annotation",
            new XElement("filename", fileName),
            new XElement("source", new XElement("database", "DefectRefine")),
            new XElement("size", new XElement("width", width), new XElement("height", height), new XElement("depth", 1)),
            new XElement("segmented", 0),
            ConnectedComponents.Find(mask).Select(c => Object(c.Bounds)));
        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false) };
        using var writer = XmlWriter.Create(output, settings);
        new XDocument(annotation).Save(writer);
    }

    private static XElement Object(PixelBox box) =>
        new("object",
            new XElement("name", "defect"),
            new XElement("pose", "Unspecified"),
            new XElement("truncated", 0),
            new XElement("difficult", 0),
            new XElement("bndbox",
                new XElement("xmin", box.X + 1),
                new XElement("ymin", box.Y + 1),
                new XElement("xmax", box.Right),
                new XElement("ymax", box.Bottom)));
}
