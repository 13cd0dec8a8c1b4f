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

    public static string Name(this ExportLayer layer) => layer == ExportLayer.Expert ? "expert" : "refined";
}
