namespace DefectRefine.Contracts.V1.Labels;

/// <summary>
/// Where an initial mask came from. <paramref name="Simulated"/> is true when a simulator synthesised it from a true
/// mask (expert-ROI or coarse-segmentation synthesiser): such masks are experiment inputs, never expert labels.
/// </summary>
/// <param name="Source">How it entered: "upload", "import:mask-png", "import:voc", "import:coco", "import:yolo", "simulation:expert-roi", ...</param>
/// <param name="File">The annotation or mask file it was read from, relative to the import folder, if any.</param>
/// <param name="Parameters">Every parameter of the generator or simulator, seed included, so it can be reproduced.</param>
public sealed record InitialMaskOrigin(
    string Source,
    bool Simulated,
    string? File,
    IReadOnlyDictionary<string, string> Parameters);
