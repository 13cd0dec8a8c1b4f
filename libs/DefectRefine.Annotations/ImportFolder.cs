using DefectRefine.Annotations.Readers;

namespace DefectRefine.Annotations;

/// <summary>
/// Reads the labels of a local import folder. Everything is read and checked first and every problem is collected;
/// if there is any, one <see cref="AnnotationException"/> lists them all and nothing is returned, so an import is
/// either whole or refused. Images come back sorted by relative path; those whose label files a generator's provenance
/// record names carry it (<see cref="AnnotatedImage.Provenance"/>).
/// </summary>
public static class ImportFolder
{
    public static IReadOnlyList<AnnotatedImage> Read(string root, AnnotationFormat format, ImportFolderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (!Directory.Exists(root))
            throw new AnnotationException(root, "the import folder does not exist.");
        var context = new ImportContext(root, options ?? new ImportFolderOptions());
        var images = format switch
        {
            AnnotationFormat.MaskPng => MaskPngReader.Read(context),
            AnnotationFormat.PascalVoc => PascalVocReader.Read(context),
            AnnotationFormat.Coco => CocoReader.Read(context),
            AnnotationFormat.Yolo => YoloReader.Read(context),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown annotation format."),
        };
        images = ProvenanceReader.Apply(context, images);
        context.ThrowIfProblems();
        return [.. images.OrderBy(i => i.RelativePath, StringComparer.Ordinal)];
    }
}
