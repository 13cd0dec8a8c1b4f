namespace DefectRefine.Annotations;

/// <summary>
/// The labels of one image as read, not yet rasterised: rasterising needs the image's real size, which is only known
/// once the image is decoded.
/// </summary>
/// <param name="SourceFile">The annotation or mask file they came from, relative to the import root ('/' separators).</param>
public abstract record ImageLabels(string? SourceFile)
{
    /// <summary>
    /// The labels as a mask of the image's size. Throws <see cref="AnnotationException"/> naming the file and the
    /// reason when they do not fit the image (a box outside it, a mask of another size, a declared size that differs).
    /// </summary>
    public abstract LabelledMask Rasterise(int imageWidth, int imageHeight);

    private protected void RequireDeclaredSize(int? declaredWidth, int? declaredHeight, int imageWidth, int imageHeight)
    {
        if (declaredWidth is { } w && declaredHeight is { } h && (w != imageWidth || h != imageHeight))
            throw new AnnotationException(SourceFile ?? "", $"declares the image as {w}x{h}, but it is {imageWidth}x{imageHeight}.");
    }
}
