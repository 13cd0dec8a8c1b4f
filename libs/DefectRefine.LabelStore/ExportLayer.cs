using DefectRefine.Masks;

namespace DefectRefine.LabelStore;

/// <summary>Which layer of the masks an export gives (DESIGN.md, "Refined masks").</summary>
public enum ExportLayer
{
    /// <summary>The model's latest refined mask of each image (the product); the expert's layer where none exists yet.</summary>
    Refined,

    /// <summary>The expert's layer only: the initial labels with every expert refinement and undo.</summary>
    Expert,
}

public static class ExportLayers
{
    /// <summary>"refined" (also when empty) or "expert", in any case; anything else is a <see cref="LabelStoreFailure.Invalid"/> error that says what to use.</summary>
    public static ExportLayer Parse(string? text) => (text ?? "").Trim().ToLowerInvariant() switch
    {
        "" or "refined" => ExportLayer.Refined,
        "expert" => ExportLayer.Expert,
        _ => throw LabelStoreException.Invalid($"Unknown layer '{text}': use refined (the model's refined masks, the default) or expert (the expert's labels only)."),
    };

    /// <summary>
    /// One image's mask of <paramref name="layer"/> at the version <paramref name="mask"/> holds, with no fallback: an
    /// auditor asking for the refined layer of a version before any proposal is told there was none.
    /// </summary>
    public static BinaryMask Of(MaskProjection mask, ExportLayer layer)
    {
        ArgumentNullException.ThrowIfNull(mask);
        return layer == ExportLayer.Expert ? mask.Mask
            : mask.RefinedMask ?? throw new LabelStoreException(LabelStoreFailure.NotFound,
                $"Image {mask.Id} had no refined mask at version {mask.Version}: no training round had proposed one yet.");
    }

    public static string Name(this ExportLayer layer) => layer == ExportLayer.Expert ? "expert" : "refined";
}
