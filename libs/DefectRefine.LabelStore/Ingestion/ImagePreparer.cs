using System.Globalization;
using DefectRefine.Contracts.V1.Labels;
using DefectRefine.Imaging;
using DefectRefine.Masks;
using DefectRefine.Masks.Simulation;

namespace DefectRefine.LabelStore.Ingestion;

/// <summary>
/// Turns an upload into a <see cref="NewImage"/>: decodes and validates the image, keeps the original bytes, encodes
/// the 8-bit grayscale the model reads, and builds the MaskInitialised for the requested initial mask. Throws
/// <see cref="LabelStoreException"/> (Invalid) naming the file; nothing is stored here.
/// </summary>
public static class ImagePreparer
{
    public static NewImage Prepare(Guid datasetId, ImageUpload upload, InitialMaskSpec spec, LabelAuthor author, ImageLimits limits)
    {
        GrayscaleImage image;
        try
        {
            image = ImageDecoder.DecodeGrayscale(upload.Bytes, limits);
        }
        catch (ImageDecodeException error)
        {
            throw new LabelStoreException(LabelStoreFailure.Invalid, $"{upload.FileName}: {error.Message}");
        }

        var labels = upload.LabelsFor?.Invoke(image.Width, image.Height);
        if (labels is not null && (labels.Mask.Width != image.Width || labels.Mask.Height != image.Height))
            throw new LabelStoreException(LabelStoreFailure.Invalid,
                $"{upload.FileName}: the mask is {labels.Mask.Width}x{labels.Mask.Height} but the image is {image.Width}x{image.Height}.");
        foreach (var box in labels?.Boxes ?? [])
            if (!box.IsInside(image.Width, image.Height))
                throw new LabelStoreException(LabelStoreFailure.Invalid,
                    $"{upload.FileName}: box (x {box.X}, y {box.Y}, w {box.Width}, h {box.Height}) lies outside the {image.Width}x{image.Height} image.");

        var imageId = Guid.NewGuid();
        var (kind, mask, boxes, origin, reference) = Initial(upload, labels, spec, image.Width, image.Height);
        var initialised = new MaskInitialised(imageId, datasetId, image.Width, image.Height, kind, MaskRunLength.Encode(mask),
            [.. boxes.Select(LabelEvents.ToLabelBox)], origin, author, DateTimeOffset.UtcNow);
        return new NewImage(imageId, upload.FileName, upload.Bytes, ContentTypeOf(upload.FileName, upload.Bytes),
            ImageEncoder.EncodePng(image), image.Width, image.Height, initialised, reference is null ? null : MaskRunLength.Encode(reference));
    }

    private static (InitialMaskKind, BinaryMask, IReadOnlyList<PixelBox>, InitialMaskOrigin, BinaryMask?) Initial(
        ImageUpload upload, ProvidedLabels? labels, InitialMaskSpec spec, int width, int height)
    {
        var seed = spec.Seed.ToString(CultureInfo.InvariantCulture);
        switch (spec.Source)
        {
            case InitialMaskSource.Labels:
                if (labels is null)
                    throw new LabelStoreException(LabelStoreFailure.Invalid, $"{upload.FileName}: no labels came with the image; choose initial 'noise' or send boxes or a mask.");
                return (labels.IsSegmentation ? InitialMaskKind.Segmentation : InitialMaskKind.Roi, labels.Mask, labels.Boxes, LabelsOrigin(upload, labels), null);

            case InitialMaskSource.Noise:
                var noise = InitialMasks.Noise(width, height, spec.Seed, spec.NoiseFraction);
                return (InitialMaskKind.Noise, noise, [],
                    new InitialMaskOrigin(upload.Source, false, upload.LabelsFile, new Dictionary<string, string>
                    {
                        ["generator"] = "uniform-noise",
                        ["seed"] = seed,
                        ["defectFraction"] = spec.NoiseFraction.ToString(CultureInfo.InvariantCulture),
                    }), labels is { IsSegmentation: true } ? labels.Mask : null);

            case InitialMaskSource.SimulatedRoi:
                var truthForRoi = RequireTruth(upload, labels);
                var roi = ExpertRoiSynthesiser.Synthesise(truthForRoi, new ExpertRoiOptions { Seed = spec.Seed });
                return (InitialMaskKind.Roi, roi.Mask, roi.Boxes,
                    new InitialMaskOrigin("simulation:expert-roi", true, upload.LabelsFile, roi.Parameters), truthForRoi);

            case InitialMaskSource.SimulatedCoarse:
                var truthForCoarse = RequireTruth(upload, labels);
                var coarse = CoarseSegmentationSynthesiser.Synthesise(truthForCoarse, new CoarseSegmentationOptions { Seed = spec.Seed });
                return (InitialMaskKind.Segmentation, coarse.Mask, [],
                    new InitialMaskOrigin("simulation:coarse-segmentation", true, upload.LabelsFile, coarse.Parameters), truthForCoarse);

            default:
                throw new ArgumentOutOfRangeException(nameof(spec), spec.Source, "Unknown initial mask source.");
        }
    }

    /// <summary>
    /// A person's labels are recorded with the way they entered; a simulator's (named so by a provenance record) with
    /// the simulator as source, its parameters, and the import path they came by.
    /// </summary>
    private static InitialMaskOrigin LabelsOrigin(ImageUpload upload, ProvidedLabels labels)
    {
        if (labels.Simulation is not { } simulation)
            return new InitialMaskOrigin(upload.Source, false, upload.LabelsFile, new Dictionary<string, string>());
        var parameters = new Dictionary<string, string>(simulation.Parameters) { ["importedBy"] = upload.Source };
        return new InitialMaskOrigin(simulation.Source, true, upload.LabelsFile, parameters);
    }

    private static BinaryMask RequireTruth(ImageUpload upload, ProvidedLabels? labels) =>
        labels is { IsSegmentation: true }
            ? labels.Mask
            : throw new LabelStoreException(LabelStoreFailure.Invalid,
                $"{upload.FileName}: simulations synthesise labels from a TRUE pixel mask, and this image came with {(labels is null ? "no labels" : "boxes only")}.");

    private static string ContentTypeOf(string fileName, byte[] bytes) =>
        bytes switch
        {
            [0x89, 0x50, 0x4E, 0x47, ..] => "image/png",
            [0xFF, 0xD8, ..] => "image/jpeg",
            [0x42, 0x4D, ..] => "image/bmp",
            [0x49, 0x49, 0x2A, 0x00, ..] or [0x4D, 0x4D, 0x00, 0x2A, ..] => "image/tiff",
            _ => Path.GetExtension(fileName).ToLowerInvariant() switch
            {
                ".png" => "image/png",
                ".jpg" or ".jpeg" => "image/jpeg",
                _ => "application/octet-stream",
            },
        };
}
