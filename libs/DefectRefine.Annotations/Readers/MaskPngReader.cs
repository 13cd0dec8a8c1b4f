namespace DefectRefine.Annotations.Readers;

/// <summary>
/// Images paired with mask PNGs by their path without extension: in separate folders (images/a/x.jpg with
/// masks/a/x.png), or in one folder, where the .png that shares its name with a non-PNG image is the mask.
/// Every mask is decoded here once, so corrupt or wrongly sized masks are reported before anything is imported.
/// </summary>
internal static class MaskPngReader
{
    public static List<AnnotatedImage> Read(ImportContext context)
    {
        var images = context.Folder(context.Options.ImagesSubfolder, "images", "images");
        var masks = context.Options.MasksSubfolder is null && images is not null && !Directory.Exists(Path.Combine(context.Root, "masks"))
            ? images
            : context.Folder(context.Options.MasksSubfolder, "masks", "masks");
        if (images is null || masks is null)
            return [];

        var pairs = images == masks ? PairInOneFolder(context, images) : PairAcross(context, images, masks);
        var result = new List<AnnotatedImage>();
        foreach (var (image, mask) in pairs)
        {
            var labels = new MaskFileLabels(context.Relative(mask), mask, context.Options.Threshold, context.Options.Limits);
            if (Check(context, labels, image))
                result.Add(new AnnotatedImage(context.Relative(image), image, labels));
        }
        return result;
    }

    private static List<(string Image, string Mask)> PairInOneFolder(ImportContext context, string folder)
    {
        var pairs = new List<(string, string)>();
        foreach (var group in context.Files(folder, ImageFiles.IsImage).GroupBy(f => ImageFiles.Key(folder, f), StringComparer.Ordinal))
        {
            var pngs = group.Where(ImageFiles.IsPng).ToList();
            var others = group.Where(f => !ImageFiles.IsPng(f)).ToList();
            if (pngs.Count > 1 || others.Count > 1)
                context.Problem(context.Relative(group.First()), $"{Names(context, group)} share one name; which is the image and which the mask is ambiguous.");
            else if (others.Count == 1 && pngs.Count == 1)
                pairs.Add((others[0], pngs[0]));
            else if (others.Count == 1)
                context.Problem(context.Relative(others[0]), $"the image has no mask: expected {group.Key}.png beside it.");
            else
                context.Problem(context.Relative(pngs[0]),
                    "has no partner: beside images the PNG with an image's name is its mask, so this is a mask without an image "
                    + "(or a PNG image without a mask: keep PNG images and their masks in separate folders).");
        }
        return pairs;
    }

    private static List<(string Image, string Mask)> PairAcross(ImportContext context, string imagesFolder, string masksFolder)
    {
        var images = Unique(context, imagesFolder, context.Files(imagesFolder, ImageFiles.IsImage, exclude: masksFolder));
        var maskFiles = context.Files(masksFolder, ImageFiles.IsImage, exclude: imagesFolder);
        foreach (var notPng in maskFiles.Where(f => !ImageFiles.IsPng(f)))
            context.Problem(context.Relative(notPng), "is in the masks folder but is not a PNG; masks must be lossless PNG files.");
        var masks = Unique(context, masksFolder, [.. maskFiles.Where(ImageFiles.IsPng)]);

        var pairs = new List<(string, string)>();
        foreach (var (key, image) in images)
        {
            if (masks.TryGetValue(key, out var mask))
                pairs.Add((image, mask));
            else
                context.Problem(context.Relative(image), $"the image has no mask: expected {context.Relative(Path.Combine(masksFolder, key))}.png.");
        }
        foreach (var (key, mask) in masks)
            if (!images.ContainsKey(key))
                context.Problem(context.Relative(mask), $"the mask has no image: expected {context.Relative(Path.Combine(imagesFolder, key))} with an image extension.");
        return pairs;
    }

    private static SortedDictionary<string, string> Unique(ImportContext context, string folder, List<string> files)
    {
        var unique = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var group in files.GroupBy(f => ImageFiles.Key(folder, f), StringComparer.Ordinal))
        {
            if (group.Count() > 1)
                context.Problem(context.Relative(group.First()), $"{Names(context, group)} share one name; they cannot be told apart.");
            else
                unique[group.Key] = group.First();
        }
        return unique;
    }

    private static bool Check(ImportContext context, MaskFileLabels labels, string image)
    {
        try
        {
            var mask = labels.Decode();
            if (ImageFiles.TryReadSize(image) is var (width, height) && (mask.Width != width || mask.Height != height))
            {
                context.Problem(labels.MaskFile, $"the mask is {mask.Width}x{mask.Height}, but the image {context.Relative(image)} is {width}x{height}.");
                return false;
            }
            return true;
        }
        catch (AnnotationException error)
        {
            foreach (var problem in error.Problems)
                context.Problem(problem.File, problem.Message, problem.Line);
            return false;
        }
    }

    private static string Names(ImportContext context, IEnumerable<string> files) => string.Join(", ", files.Select(context.Relative));
}
