namespace DefectRefine.Learning.Pixel;

/// <summary>
/// What a pixel-model checkpoint is: the model version it belongs to (the paper model's version of the same round),
/// the version it was fine-tuned from, the network's shape and how much it was trained. Stored beside the weights.
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
}
