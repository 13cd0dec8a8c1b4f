namespace DefectRefine.Masks.Refined;

/// <summary>
/// The refined mask of one image (DESIGN.md; issue 17): the model's dense map decides, the initial labels bound it as a
/// prior, and every expert label is a hard constraint. In order:
/// <list type="number">
/// <item>defect where the model's probability exceeds 0.5;</item>
/// <item>with boxes or a rough segmentation, nothing outside <see cref="PriorRegion.Allowed"/>;</item>
/// <item>a labelled region in which the model finds nothing still holds one defect: the region around the model's most
/// confident pixel there, down to half that confidence (the labeller saw something; the model says where it most
/// likely is);</item>
/// <item>every expert-labelled pixel takes the expert's label, inside a box or not.</item>
/// </list>
/// </summary>
public static class RefinedMaskComposer
{
    public static BinaryMask Compose(ReadOnlySpan<float> probability, BinaryMask initial, LabelPrior prior, ExpertLayer? expert = null)
    {
        ArgumentNullException.ThrowIfNull(initial);
        if (probability.Length != initial.PixelCount)
            throw new ArgumentException($"A {initial.Width}x{initial.Height} image needs {initial.PixelCount} probabilities, got {probability.Length}.", nameof(probability));
        if (expert is not null && (expert.Width != initial.Width || expert.Height != initial.Height))
            throw new ArgumentException($"The expert layer is {expert.Width}x{expert.Height}, the image {initial.Width}x{initial.Height}.", nameof(expert));
        if (!Enum.IsDefined(prior))
            throw new ArgumentOutOfRangeException(nameof(prior), prior, "Unknown label prior.");

        var refined = new BinaryMask(initial.Width, initial.Height);
        for (var i = 0; i < probability.Length; i++)
            refined.Set(i, probability[i] > 0.5f);

        if (prior != LabelPrior.None)
        {
            var allowed = PriorRegion.Allowed(initial);
            for (var i = 0; i < refined.PixelCount; i++)
                if (!allowed.Get(i))
                    refined.Set(i, false);
            foreach (var (_, region) in ConnectedComponents.Split(initial))
                KeepOneDefect(probability, region, refined, expert);
        }

        if (expert is not null)
        {
            for (var i = 0; i < refined.PixelCount; i++)
                if (expert.Known.Get(i))
                    refined.Set(i, expert.Defect.Get(i));
        }
        return refined;
    }

    private static void KeepOneDefect(ReadOnlySpan<float> probability, BinaryMask region, BinaryMask refined, ExpertLayer? expert)
    {
        var best = -1;
        for (var i = 0; i < region.PixelCount; i++)
        {
            if (!region.Get(i))
                continue;
            if (refined.Get(i) || (expert is not null && expert.Known.Get(i) && expert.Defect.Get(i)))
                return;
            var open = expert is null || !expert.Known.Get(i);
            if (open && (best < 0 || probability[i] > probability[best]))
                best = i;
        }
        // The expert labelled the whole region background: then it holds no defect, whatever the labels said.
        if (best < 0)
            return;
        var threshold = probability[best] / 2;
        var width = region.Width;
        var stack = new Stack<int>();
        refined.Set(best, true);
        stack.Push(best);
        while (stack.Count > 0)
        {
            var index = stack.Pop();
            var (x, y) = (index % width, index / width);
            for (var ny = Math.Max(0, y - 1); ny <= Math.Min(region.Height - 1, y + 1); ny++)
                for (var nx = Math.Max(0, x - 1); nx <= Math.Min(width - 1, x + 1); nx++)
                {
                    var n = (ny * width) + nx;
                    if (!refined.Get(n) && region.Get(n) && probability[n] >= threshold && (expert is null || !expert.Known.Get(n)))
                    {
                        refined.Set(n, true);
                        stack.Push(n);
                    }
                }
        }
    }
}
