using DefectRefine.Learning.Training;

namespace DefectRefine.Learning.Model;

/// <summary>
/// What a checkpoint is: its version, the version it was fine-tuned from, the model's shape and how its training
/// phase went. Stored beside the weights so a checkpoint explains itself years later.
/// </summary>
public sealed record CheckpointInfo(
    string Version,
    string? ParentVersion,
    PatchModelConfig Config,
    TrainingMetrics? Metrics,
    DateTimeOffset CreatedAt,
    string Format = CheckpointInfo.CurrentFormat,
    double DefectLogitOffset = 0)
{
    public const string CurrentFormat = "defectrefine-patchnet/1";
}
