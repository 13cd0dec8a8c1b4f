using Microsoft.Extensions.Configuration;

namespace DefectRefine.ServiceDefaults;

/// <summary>Which learner's map refined masks are composed from.</summary>
public enum RefinementLearner
{
    /// <summary>The pixel model, trained by the Trainer beside the paper model each round (what the harness measures best).</summary>
    Pixel,

    /// <summary>The paper's patch model, whose dense map also drives query mining.</summary>
    Paper,
}

/// <summary>
/// The installation's "Refinement" section, read by the Trainer (train the pixel model or not) and the Miner (which map
/// to compose refined masks from). <c>Refinement:Learner</c> = pixel (default) or paper.
/// </summary>
public sealed record RefinementSettings(RefinementLearner Learner)
{
    public const string Section = "Refinement";

    public static RefinementSettings From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var value = configuration[$"{Section}:Learner"];
        if (string.IsNullOrWhiteSpace(value))
            return new RefinementSettings(RefinementLearner.Pixel);
        return Enum.TryParse<RefinementLearner>(value.Trim(), ignoreCase: true, out var learner) && Enum.IsDefined(learner)
            ? new RefinementSettings(learner)
            : throw new InvalidOperationException($"{Section}:Learner must be 'pixel' or 'paper', not '{value}'.");
    }
}
