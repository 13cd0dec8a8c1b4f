namespace DefectRefine.Masks;

/// <summary>8-connected regions of defect pixels, in row-major order of their first pixel.</summary>
public static class ConnectedComponents
{
    public static IReadOnlyList<MaskComponent> Find(BinaryMask mask, int minArea = 1) =>
        [.. Label(mask).Components.Where(c => c.Area >= minArea)];

    /// <summary>Each component of at least <paramref name="minArea"/> pixels as its own mask, in the order of <see cref="Find"/>.</summary>
    public static IReadOnlyList<(MaskComponent Component, BinaryMask Mask)> Split(BinaryMask mask, int minArea = 1)
    {
        var (labels, components) = Label(mask);
        var result = new List<(MaskComponent, BinaryMask)>();
        for (var label = 0; label < components.Count; label++)
        {
            var component = components[label];
            if (component.Area < minArea)
                continue;
            var single = new BinaryMask(mask.Width, mask.Height);
            var b = component.Bounds;
            for (var y = b.Y; y < b.Bottom; y++)
                for (var x = b.X; x < b.Right; x++)
                {
                    var index = (y * mask.Width) + x;
                    if (labels[index] == label + 1)
                        single.Set(index, true);
                }
            result.Add((component, single));
        }
        return result;
    }

    /// <summary>The mask without its components smaller than <paramref name="minArea"/> pixels.</summary>
    public static BinaryMask RemoveSmall(BinaryMask mask, int minArea)
    {
        var (labels, components) = Label(mask);
        var kept = mask.Clone();
        for (var i = 0; i < labels.Length; i++)
            if (labels[i] > 0 && components[labels[i] - 1].Area < minArea)
                kept.Set(i, false);
        return kept;
    }

    /// <summary>Labels 1..N per pixel (0 = background) and the N components; an explicit stack, so huge regions cannot overflow the call stack.</summary>
    private static (int[] Labels, IReadOnlyList<MaskComponent> Components) Label(BinaryMask mask)
    {
        ArgumentNullException.ThrowIfNull(mask);
        var (width, height) = (mask.Width, mask.Height);
        var labels = new int[mask.PixelCount];
        var components = new List<MaskComponent>();
        var stack = new Stack<int>();
        for (var start = 0; start < labels.Length; start++)
        {
            if (labels[start] != 0 || !mask.Get(start))
                continue;
            var label = components.Count + 1;
            var (minX, minY, maxX, maxY, area) = (int.MaxValue, int.MaxValue, -1, -1, 0);
            labels[start] = label;
            stack.Push(start);
            while (stack.Count > 0)
            {
                var index = stack.Pop();
                var (x, y) = (index % width, index / width);
                (minX, maxX, minY, maxY) = (Math.Min(minX, x), Math.Max(maxX, x), Math.Min(minY, y), Math.Max(maxY, y));
                area++;
                for (var ny = Math.Max(0, y - 1); ny <= Math.Min(height - 1, y + 1); ny++)
                    for (var nx = Math.Max(0, x - 1); nx <= Math.Min(width - 1, x + 1); nx++)
                    {
                        var neighbour = (ny * width) + nx;
                        if (labels[neighbour] == 0 && mask.Get(neighbour))
                        {
                            labels[neighbour] = label;
                            stack.Push(neighbour);
                        }
                    }
            }
            components.Add(new MaskComponent(new PixelBox(minX, minY, maxX - minX + 1, maxY - minY + 1), area));
        }
        return (labels, components);
    }
}
