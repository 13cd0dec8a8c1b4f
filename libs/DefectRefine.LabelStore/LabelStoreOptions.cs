namespace DefectRefine.LabelStore;

public sealed class LabelStoreOptions
{
    /// <summary>The PostgreSQL schema of every label-store table.</summary>
    public string Schema { get; set; } = "labels";

    /// <summary>A checkpoint every this many events bounds the replay of any version to that many events.</summary>
    public int CheckpointInterval { get; set; } = 100;

    /// <summary>Attempts for a refinement that loses an optimistic-concurrency race before giving up.</summary>
    public int MaxWriteAttempts { get; set; } = 8;
}
