namespace DefectRefine.Stations;

/// <summary>How a simulated labelling shift runs: stations, sessions and how the simulated experts behave.</summary>
public sealed record SimulationOptions(Uri Gateway, Guid ProjectId)
{
    /// <summary>The bearer token station i (0-based) connects with: one labeller identity per simulated expert, or one shared.</summary>
    public required Func<int, string> AccessToken { get; init; }

    public int Stations { get; init; } = 3;

    /// <summary>More gateway replicas: station i connects to [Gateway, ..ExtraGateways][i % count].</summary>
    public IReadOnlyList<Uri> ExtraGateways { get; init; } = [];
    public int Sessions { get; init; } = 2;

    /// <summary>Label for this long, across as many sessions as it takes, instead of a number of sessions (a load test).</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>Pause between receiving a query and answering it (an expert looks at the patches).</summary>
    public TimeSpan ThinkTime { get; init; } = TimeSpan.Zero;

    /// <summary>Each station undoes every N-th of its answers right after giving it (0: never).</summary>
    public int UndoEvery { get; init; }

    public double ErrorRate { get; init; }

    /// <summary>Also wait for the training that the last session's target starts.</summary>
    public bool WaitForTraining { get; init; } = true;

    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(30);
    public string StationPrefix { get; init; } = "sim-station";
    public int Seed { get; init; } = 1;

    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Gateway);
        ArgumentNullException.ThrowIfNull(AccessToken);
        if (Stations is < 1 or > 1000)
            throw new ArgumentException($"Stations must be 1..1000, not {Stations}.");
        if (Sessions is < 1 or > 1000)
            throw new ArgumentException($"Sessions must be 1..1000, not {Sessions}.");
        if (UndoEvery < 0)
            throw new ArgumentException($"UndoEvery must not be negative, not {UndoEvery}.");
        if (ErrorRate is < 0 or > 1 || double.IsNaN(ErrorRate))
            throw new ArgumentException($"ErrorRate must be in [0, 1], not {ErrorRate}.");
        if (Duration is { } duration && (duration <= TimeSpan.Zero || duration >= Timeout))
            throw new ArgumentException($"Duration must be positive and shorter than the timeout ({Timeout}), not {duration}.");
        if (ThinkTime < TimeSpan.Zero || Timeout <= TimeSpan.Zero)
            throw new ArgumentException("ThinkTime must not be negative and Timeout must be positive.");
    }
}
