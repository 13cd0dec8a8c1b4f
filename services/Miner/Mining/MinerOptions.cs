namespace DefectRefine.Miner.Mining;

/// <summary>The "Miner" configuration section.</summary>
public sealed class MinerOptions
{
    /// <summary>Checkpoints kept loaded (several projects may be mining at once).</summary>
    public int ModelsKept { get; set; } = 4;

    public bool AllowCuda { get; set; } = true;
}
