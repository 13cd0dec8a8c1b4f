using DefectRefine.Contracts.V1.Loop;

namespace DefectRefine.Stations;

/// <summary>
/// A loop small enough to train in seconds on 2 CPU cores: for checks that the pieces talk (the integration tests'
/// fleets, `dr smoke`), never for judging how well the loop refines.
/// </summary>
public static class SmallLoopSettings
{
    public static ProjectSettings For(int sessionTarget, int leaseSeconds) => new()
    {
        SessionTarget = sessionTarget,
        ModelWidth = 8,
        EmbeddingSize = 16,
        BatchSize = 64,
        InitialTrainingSteps = 40,
        SessionTrainingSteps = 20,
        TrainingPoolSize = 2048,
        MiningPoolSize = 400,
        QueryBuffer = 8,
        LeaseSeconds = leaseSeconds,
    };
}
