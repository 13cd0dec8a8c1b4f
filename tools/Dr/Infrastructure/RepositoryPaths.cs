namespace DefectRefine.Cli.Infrastructure;

public static class RepositoryPaths
{
    private static readonly Lazy<string?> Found = new(Locate);

    /// <summary>The checkout's root: DR_REPO_ROOT (set by ./dr), else the nearest parent holding DefectRefine.sln.</summary>
    public static string Root => Found.Value
        ?? throw new InvalidOperationException("Run dr from inside a DefectRefine checkout (no DefectRefine.sln found above the current folder).");

    /// <summary>The checkout, or null where dr runs without one (its container image: settings come from the environment only).</summary>
    public static string? RootIfAny => Found.Value;

    private static string? Locate()
    {
        var fromLauncher = Environment.GetEnvironmentVariable("DR_REPO_ROOT");
        if (!string.IsNullOrEmpty(fromLauncher) && File.Exists(Path.Combine(fromLauncher, "DefectRefine.sln")))
            return fromLauncher;
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "DefectRefine.sln")))
                    return dir.FullName;
            }
        }
        return null;
    }
}
