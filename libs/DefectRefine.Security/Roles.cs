namespace DefectRefine.Security;

/// <summary>The three kinds of people DefectRefine serves, as they appear in a token's role claim.</summary>
public static class Roles
{
    /// <summary>Answers queries at a station: changes masks, one answer at a time.</summary>
    public const string Labeller = "labeller";

    /// <summary>Reads every mask version, the history and the exports; changes nothing.</summary>
    public const string Auditor = "auditor";

    /// <summary>Runs the plant's labelling: datasets, imports, projects, retraining, reverts; may also label and audit.</summary>
    public const string Admin = "admin";

    public static IReadOnlyList<string> All { get; } = [Labeller, Auditor, Admin];

    public static bool IsKnown(string role) => All.Contains(role, StringComparer.Ordinal);
}
