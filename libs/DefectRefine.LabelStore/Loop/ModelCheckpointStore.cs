using Weasel.Postgresql.Tables;

namespace DefectRefine.LabelStore.Loop;

/// <summary>The paper model's checkpoints: the model that proposed each query and drives mining.</summary>
public sealed class ModelCheckpointStore(LoopDatabase database) : CheckpointTable(database, TableName)
{
    public const string TableName = "dr_model_checkpoints";

    internal static Table Table(string schema) => Define(schema, TableName);
}
