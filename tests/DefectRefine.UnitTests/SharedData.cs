namespace DefectRefine.UnitTests;

/// <summary>Finds ../shared beside the checkout (where CI puts it) or DR_SHARED_DIR; never a copy inside the repo.</summary>
public static class SharedData
{
    public static string Root { get; } = Locate();

    public static string NeuSeg => Path.Combine(Root, "datasets", "neu-seg");

    private static string Locate()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("DR_SHARED_DIR");
        if (!string.IsNullOrEmpty(fromEnvironment))
            return Directory.Exists(fromEnvironment)
                ? fromEnvironment
                : throw new DirectoryNotFoundException($"DR_SHARED_DIR={fromEnvironment} does not exist.");

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DefectRefine.sln")))
            {
                var shared = Path.Combine(dir.FullName, "..", "shared");
                if (Directory.Exists(shared))
                    return Path.GetFullPath(shared);
                break;
            }
        }
        throw new DirectoryNotFoundException(
            "The shared data folder was not found: expected ../shared beside the checkout (with datasets/neu-seg), or set DR_SHARED_DIR.");
    }
}
