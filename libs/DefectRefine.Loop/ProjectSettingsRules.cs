using DefectRefine.Contracts.V1.Loop;

namespace DefectRefine.Loop;

/// <summary>Checks a project's settings before the project exists, so a bad value is refused with a reason instead of failing a training later.</summary>
public static class ProjectSettingsRules
{
    public static IReadOnlyList<string> Problems(ProjectSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var problems = new List<string>();
        void Range(string name, int value, int min, int max)
        {
            if (value < min || value > max)
                problems.Add($"{name} must be in {min}..{max}, not {value}.");
        }
        Range(nameof(settings.SessionTarget), settings.SessionTarget, 1, 10_000);
        Range(nameof(settings.PatchSize), settings.PatchSize, 30, 256);
        if (settings.PatchSize % 2 != 0)
            problems.Add($"{nameof(settings.PatchSize)} must be even, not {settings.PatchSize}.");
        Range(nameof(settings.ModelWidth), settings.ModelWidth, 4, 256);
        if (settings.ModelWidth % 2 != 0)
            problems.Add($"{nameof(settings.ModelWidth)} must be even, not {settings.ModelWidth}.");
        Range(nameof(settings.EmbeddingSize), settings.EmbeddingSize, 2, 1024);
        Range(nameof(settings.QueryBuffer), settings.QueryBuffer, 1, 1000);
        Range(nameof(settings.InitialTrainingSteps), settings.InitialTrainingSteps, 1, 100_000);
        Range(nameof(settings.SessionTrainingSteps), settings.SessionTrainingSteps, 1, 100_000);
        Range(nameof(settings.BatchSize), settings.BatchSize, 4, 4096);
        Range(nameof(settings.TrainingPoolSize), settings.TrainingPoolSize, settings.BatchSize, 1_000_000);
        Range(nameof(settings.LeaseSeconds), settings.LeaseSeconds, 5, 24 * 3600);
        // A query takes 11 distinct patches; a refill must be able to fill the whole buffer from one pool.
        Range(nameof(settings.MiningPoolSize), settings.MiningPoolSize, 11 * settings.QueryBuffer, 1_000_000);
        foreach (var (name, value) in new (string, Enum)[]
                 {
                     (nameof(settings.Feedback), settings.Feedback), (nameof(settings.Granularity), settings.Granularity),
                     (nameof(settings.Anchor), settings.Anchor), (nameof(settings.Strategy), settings.Strategy),
                     (nameof(settings.Reach), settings.Reach),
                 })
            if (!Enum.IsDefined(value.GetType(), value))
                problems.Add($"{name} has no value {Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture)}.");
        return problems;
    }
}
