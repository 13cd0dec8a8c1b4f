namespace DefectRefine.ServiceDefaults.RateLimiting;

/// <summary>
/// The "RateLimits" section: how often one caller may do the things a script could flood. Each limit is a fixed window
/// of one minute; a caller past it gets 429 with Retry-After (or, at a station, a refusal that says when to go on).
/// The defaults sit far above what a person does and well below what a runaway client does.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>
    /// Per client address: requests that present a token which does not validate, and status-page sign-ins
    /// (<c>?access_token=</c> exchanged for a cookie). Slows anyone guessing tokens.
    /// </summary>
    public int SignInPerMinute { get; set; } = 30;

    /// <summary>Per user: image uploads and folder imports.</summary>
    public int UploadsPerMinute { get; set; } = 600;

    /// <summary>Per user: answers and undos at stations (a person gives at most about one a second).</summary>
    public int AnswersPerMinute { get; set; } = 600;

    public void Validate()
    {
        foreach (var (name, value) in new[] { (nameof(SignInPerMinute), SignInPerMinute), (nameof(UploadsPerMinute), UploadsPerMinute), (nameof(AnswersPerMinute), AnswersPerMinute) })
        {
            if (value is < 1 or > 1_000_000)
                throw new InvalidOperationException($"RateLimits__{name} must lie in 1..1000000, not {value}.");
        }
    }
}
