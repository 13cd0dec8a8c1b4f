namespace DefectRefine.Masks.Simulation;

/// <summary>How an expert groups neighbouring defects: close boxes become one, and never more than a few boxes.</summary>
internal static class BoxMerging
{
    public static List<PixelBox> Merge(IEnumerable<PixelBox> boxes, int mergeDistance, int maxBoxes)
    {
        var merged = boxes.ToList();
        MergeWithin(merged, mergeDistance);
        while (merged.Count > maxBoxes)
        {
            var (a, b) = ClosestPair(merged);
            Replace(merged, a, b);
            MergeWithin(merged, mergeDistance);
        }
        return merged;
    }

    /// <summary>Pixels of empty space between two boxes along the axis where they are furthest apart; 0 when they touch or overlap.</summary>
    public static int Gap(PixelBox a, PixelBox b)
    {
        var dx = Math.Max(0, Math.Max(b.X - a.Right, a.X - b.Right));
        var dy = Math.Max(0, Math.Max(b.Y - a.Bottom, a.Y - b.Bottom));
        return Math.Max(dx, dy);
    }

    private static void MergeWithin(List<PixelBox> boxes, int mergeDistance)
    {
        // A union can reach boxes that neither part reached, so scan again after every merge.
        for (var changed = true; changed;)
        {
            changed = false;
            for (var i = 0; i < boxes.Count && !changed; i++)
                for (var j = i + 1; j < boxes.Count && !changed; j++)
                    if (Gap(boxes[i], boxes[j]) <= mergeDistance)
                    {
                        Replace(boxes, i, j);
                        changed = true;
                    }
        }
    }

    private static (int, int) ClosestPair(List<PixelBox> boxes)
    {
        var (best, bestGap, bestArea) = ((0, 1), int.MaxValue, long.MaxValue);
        for (var i = 0; i < boxes.Count; i++)
            for (var j = i + 1; j < boxes.Count; j++)
            {
                var gap = Gap(boxes[i], boxes[j]);
                // Ties go to the pair whose union is smallest: the least implausible box for an expert to draw.
                long area = boxes[i].Union(boxes[j]).Area;
                if (gap < bestGap || (gap == bestGap && area < bestArea))
                    (best, bestGap, bestArea) = ((i, j), gap, area);
            }
        return best;
    }

    private static void Replace(List<PixelBox> boxes, int i, int j)
    {
        boxes[i] = boxes[i].Union(boxes[j]);
        boxes.RemoveAt(j);
    }
}
