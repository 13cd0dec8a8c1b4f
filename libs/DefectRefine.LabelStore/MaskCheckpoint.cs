namespace DefectRefine.LabelStore;

/// <summary>
/// A copy of a mask's projection at a version. Written in the same transaction as the event that reaches a multiple
/// of <see cref="LabelStoreOptions.CheckpointInterval"/>, so rebuilding any version replays at most that many events.
/// </summary>
public sealed class MaskCheckpoint
{
    public string Id { get; set; } = "";
    public Guid ImageId { get; set; }
    public long Version { get; set; }
    public MaskProjection State { get; set; } = new();

    public static string IdFor(Guid imageId, long version) => $"{imageId:N}-{version}";
}
