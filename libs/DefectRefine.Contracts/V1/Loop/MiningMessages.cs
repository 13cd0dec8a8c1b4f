namespace DefectRefine.Contracts.V1.Loop;

/// <summary>How the Miner chooses queries for a project.</summary>
public sealed record MiningPlan(LoopQueryStrategy Strategy, LoopAnchor Anchor, int BufferSize, int PoolSize, int Seed);

/// <summary>Command to the Sampler: draw a mining pool, uniform over the current masks, for <paramref name="ModelVersion"/>.</summary>
public sealed record SampleMiningPool(Guid ProjectId, Guid DatasetId, string ModelVersion, MiningPlan Plan);

/// <summary>The Sampler's answer, for the Miner: centres labelled by the masks at the moment they were drawn.</summary>
public sealed record MiningPoolSampled(Guid ProjectId, Guid DatasetId, string ModelVersion, MiningPlan Plan, IReadOnlyList<ImagePatchCentres> Patches);

/// <summary>The Miner's buffer for the project holds <paramref name="Ready"/> unleased queries of <paramref name="ModelVersion"/>.</summary>
public sealed record QueriesReady(Guid ProjectId, string ModelVersion, int Ready, DateTimeOffset At);

/// <summary>The gateway leased queries and the buffer fell below half: the Miner should refill it.</summary>
public sealed record QueryBufferLow(Guid ProjectId, Guid DatasetId, string ModelVersion, int Ready, MiningPlan Plan);
