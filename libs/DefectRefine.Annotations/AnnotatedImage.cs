namespace DefectRefine.Annotations;

/// <summary>An image of an import folder and its labels.</summary>
/// <param name="RelativePath">Relative to the import root, with '/' separators.</param>
/// <param name="FullPath">The absolute path, checked to lie inside the import root.</param>
public sealed record AnnotatedImage(string RelativePath, string FullPath, ImageLabels Labels);
