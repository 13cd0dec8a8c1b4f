namespace DefectRefine.Learning.Pixel;

/// <summary>
/// Maps that do not repeat the errors of their own targets. A model trained long on noisy targets (GrabCut's guess
/// inside the boxes) learns those targets' errors on the very images it trained on, while it still improves on images
/// it never saw. With k folds, model j learns the noisy targets of every image outside fold j and only the expert's
/// labels of the images inside it, and maps fold j's images: every refined mask comes from a model that could not
/// memorise that image's noise (the out-of-sample predictions of confident learning). Images unseen by all (test
/// images, new uploads) get the folds' mean.
/// </summary>
public static class CrossFitting
{
    /// <summary>The fold an image belongs to, by its position in a fixed list (the harness: balanced folds).</summary>
    public static int FoldOf(int index, int folds) => folds <= 1 ? 0 : index % folds;

    /// <summary>
    /// The fold of an image known by its id (the services: stable while images come and go, so the model that maps an
    /// image is always the one that did not learn its noisy targets). The id's last four bytes are random in version
    /// 4 and version 7 ids alike.
    /// </summary>
    public static int FoldOf(Guid imageId, int folds)
    {
        if (folds <= 1)
            return 0;
        Span<byte> bytes = stackalloc byte[16];
        imageId.TryWriteBytes(bytes);
        return (int)(BitConverter.ToUInt32(bytes[12..]) % (uint)folds);
    }

    /// <summary>
    /// The training set of fold <paramref name="fold"/>'s model: the images of other folds as they are, the images of
    /// this fold with only their expert labels (the truth); those without any are left out.
    /// </summary>
    public static IReadOnlyList<PixelTrainingImage> TrainingSetOf(IReadOnlyList<PixelTrainingImage> images, int fold, int folds)
    {
        ArgumentNullException.ThrowIfNull(images);
        return folds <= 1 ? images : TrainingSetOf(images, [.. Enumerable.Range(0, images.Count).Select(i => FoldOf(i, folds))], fold);
    }

    /// <summary>As above, with each image's fold given (<paramref name="foldOfImage"/>, one per image).</summary>
    public static IReadOnlyList<PixelTrainingImage> TrainingSetOf(IReadOnlyList<PixelTrainingImage> images, IReadOnlyList<int> foldOfImage, int fold)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(foldOfImage);
        if (foldOfImage.Count != images.Count)
            throw new ArgumentException($"{images.Count} images need {images.Count} folds, not {foldOfImage.Count}.", nameof(foldOfImage));
        var set = new List<PixelTrainingImage>(images.Count);
        for (var i = 0; i < images.Count; i++)
        {
            if (foldOfImage[i] != fold)
                set.Add(images[i]);
            else if (ExpertOnly(images[i]) is { } held)
                set.Add(held);
        }
        return set;
    }

    /// <summary>The image's expert labels alone (weight kept where the trainer focuses), or null when it has none.</summary>
    public static PixelTrainingImage? ExpertOnly(PixelTrainingImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Focus.Count == 0)
            return null;
        var weight = new float[image.Weight.Length];
        foreach (var i in image.Focus)
            weight[i] = image.Weight[i];
        return image with { Weight = weight };
    }

    /// <summary>The per-pixel mean of several models' probabilities.</summary>
    public static float[] Mean(IReadOnlyList<float[]> probabilities)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        if (probabilities.Count == 0)
            throw new ArgumentException("A mean needs at least one map.", nameof(probabilities));
        if (probabilities.Count == 1)
            return probabilities[0];
        var mean = new float[probabilities[0].Length];
        foreach (var p in probabilities)
        {
            if (p.Length != mean.Length)
                throw new ArgumentException("Maps of one image must have one size.", nameof(probabilities));
            for (var i = 0; i < mean.Length; i++)
                mean[i] += p[i];
        }
        for (var i = 0; i < mean.Length; i++)
            mean[i] /= probabilities.Count;
        return mean;
    }
}
