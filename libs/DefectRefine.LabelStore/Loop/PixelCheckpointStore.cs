using Weasel.Postgresql.Tables;

namespace DefectRefine.LabelStore.Loop;

/// <summary>
/// The pixel model's checkpoints, keyed by the same model version as <see cref="ModelCheckpointStore"/>'s, so the Miner
/// finds the pixel model of the round it is told about.
/// </summary>
public sealed class PixelCheckpointStore(LoopDatabase database) : CheckpointTable(database, TableName)
{
    public const string TableName = "dr_pixel_checkpoints";

    internal static Table Table(string schema) => Define(schema, TableName);
}
