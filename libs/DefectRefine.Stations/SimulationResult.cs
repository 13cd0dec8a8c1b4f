using DefectRefine.Contracts.V1.Loop;

namespace DefectRefine.Stations;

/// <summary>What one simulated station did.</summary>
public sealed record StationStats(string Station, int Accepted, int Refused, int Undone, IReadOnlyList<string> RefusalReasons);

/// <summary>p50/p95/p99 of a list of milliseconds (nearest rank).</summary>
public sealed record Latency(int Count, double P50, double P95, double P99, double Max)
{
    public static Latency Of(IReadOnlyCollection<double> milliseconds)
    {
        ArgumentNullException.ThrowIfNull(milliseconds);
        if (milliseconds.Count == 0)
            return new Latency(0, 0, 0, 0, 0);
        var sorted = milliseconds.Order().ToArray();
        double Rank(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new Latency(sorted.Length, Rank(0.50), Rank(0.95), Rank(0.99), sorted[^1]);
    }
}

/// <summary>
/// A finished simulation: the sessions it labelled, every answer the gateway acknowledged (and which of them were undone
/// again), how long asking for the next query took, and the project as it was at the end.
/// </summary>
public sealed record SimulationResult(
    int FirstSession,
    int LastSession,
    IReadOnlyList<StationStats> Stations,
    IReadOnlyList<Guid> AcceptedQueries,
    IReadOnlyList<Guid> UndoneQueries,
    Latency NextQuery,
    ProjectStatus Final,
    TimeSpan Elapsed);

/// <summary>A change the simulation saw: a session's count, a training's step, or a note.</summary>
public sealed record SimulationProgress(int Session, int Answers, int Target, LoopPhase Phase, TrainingStatus? Training, int LateAnswers = 0);
