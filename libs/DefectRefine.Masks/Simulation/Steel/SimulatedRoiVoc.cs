using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace DefectRefine.Masks.Simulation.Steel;

/// <summary>
/// Writes the simulated expert's boxes of one image as a Pascal VOC XML, so any importer reads them as BOXES. The
/// &lt;source&gt; element says they are simulated and names the provenance record (generation.json) that holds the
/// simulator's parameters and seed: an importer that finds the claim but not the record must refuse the file rather
/// than record the boxes as a person's.
/// </summary>
public static class SimulatedRoiVoc
{
    /// <summary>The &lt;source&gt;&lt;annotation&gt; of a simulated file, and the origin its labels are recorded with.</summary>
    public const string Source = "simulation:" + ExpertRoiSynthesiser.SimulationName;

    public static void Write(Stream output, string imageFileName, int width, int height, IEnumerable<PixelBox> boxes, string provenanceFile)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentException.ThrowIfNullOrWhiteSpace(imageFileName);
        ArgumentNullException.ThrowIfNull(boxes);
        ArgumentException.ThrowIfNullOrWhiteSpace(provenanceFile);
        var annotation = new XElement("annotation",
            new XElement("folder", SteelSurfaceDatasetWriter.ImagesFolder),
            new XElement("filename", imageFileName),
            new XElement("source",
                new XElement("database", SteelSurfaceDatasetWriter.Note),
                new XElement("annotation", Source),
                new XElement("provenance", provenanceFile)),
            new XElement("size", new XElement("width", width), new XElement("height", height), new XElement("depth", 1)),
            new XElement("segmented", 0),
            boxes.Select(Object));
        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false) };
        using var writer = XmlWriter.Create(output, settings);
        new XDocument(annotation).Save(writer);
    }

    // VOC corners are 1-based and inclusive: pixel columns 0..9 are xmin 1, xmax 10.
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
