using DefectRefine.Imaging;
using DefectRefine.Masks;

namespace DefectRefine.Annotations;

/// <summary>A segmentation held in a mask image, decoded with <see cref="MaskPng.Decode"/> when rasterised.</summary>
/// <param name="MaskFile">Relative to the import root.</param>
public sealed record MaskFileLabels(string MaskFile, string MaskFullPath, byte Threshold, ImageLimits? Limits = null) : ImageLabels(MaskFile)
{
    public override LabelledMask Rasterise(int imageWidth, int imageHeight)
    {
        var mask = Decode();
        if (mask.Width != imageWidth || mask.Height != imageHeight)
            throw new AnnotationException(MaskFile, $"the mask is {mask.Width}x{mask.Height}, but the image is {imageWidth}x{imageHeight}.");
        return new LabelledMask(mask, [], InitialLabelKind.Segmentation);
    }

    internal BinaryMask Decode()
    {
        try
        {
            // Sized before it is read: MaskPng.Decode's own byte check would come after the whole file is in memory.
            var limit = (Limits ?? ImageLimits.Default).MaxBytes;
            if (new FileInfo(MaskFullPath).Length is var length && length > limit)
                throw new AnnotationException(MaskFile, $"The mask is {length:N0} bytes; the limit is {limit:N0}.");
            return MaskPng.Decode(File.ReadAllBytes(MaskFullPath), Threshold, Limits);
        }
        catch (MaskFormatException error)
        {
            throw new AnnotationException(MaskFile, error.Message);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new AnnotationException(MaskFile, $"cannot be read: {error.Message}");
        }
    }
}
