namespace DefectRefine.Contracts.V1;

/// <summary>Published by every service host at start and periodically, so operators see which replicas are alive on the bus.</summary>
public sealed record ServiceHeartbeat(string Service, string Instance, string Version, DateTimeOffset At);
