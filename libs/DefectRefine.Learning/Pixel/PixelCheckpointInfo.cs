namespace DefectRefine.Learning.Pixel;

/// <summary>
/// What a pixel-model checkpoint is: the model version it belongs to (the paper model's version of the same round),
/// the version it was fine-tuned from, the network's shape, how much it was trained and how many fold models it holds. Stored beside the weights.
/// </summary>
public sealed record PixelCheckpointInfo(
    string Version,
    string? ParentVersion,
    PixelNetConfig Config,
    int Steps,
    double Loss,
    int Images,
    DateTimeOffset CreatedAt,
    string Format = PixelCheckpointInfo.CurrentFormat)
{
    public const string CurrentFormat = "defectrefine-pixelnet/1";

    /// <summary>Models stored side by side, one per fold of the project's images (<see cref="CrossFitting"/>); 1 for one model.</summary>
    public int Folds { get; init; } = 1;
}
