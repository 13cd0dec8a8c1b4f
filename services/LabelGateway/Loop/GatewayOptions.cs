namespace DefectRefine.LabelGateway.Loop;

/// <summary>Section "Gateway" of the configuration.</summary>
public sealed class GatewayOptions
{
    /// <summary>At most one "buffer low" request per project per this many seconds from one replica.</summary>
    public double BufferLowThrottleSeconds { get; set; } = 2;

    /// <summary>How often the watchdog looks for loops waiting on a command that may have been lost.</summary>
    public double WatchdogSeconds { get; set; } = 30;

    /// <summary>A phase unchanged for this long gets its command sent again (every receiver is idempotent).</summary>
    public double ResendAfterSeconds { get; set; } = 120;

    /// <summary>
    /// A training round whose attempts failed this many times (an unexpected error, a Trainer killed with it, a resend
    /// after no word for <see cref="ResendAfterSeconds"/>) fails for good: the project shows it, and nothing is sent
    /// again until an admin retries (POST /api/projects/{id}/training/retry).
    /// </summary>
    public int TrainingMaxAttempts { get; set; } = 3;
}
