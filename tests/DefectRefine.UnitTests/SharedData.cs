namespace DefectRefine.UnitTests;

/// <summary>Finds ../shared beside the checkout (where CI puts it) or DR_SHARED_DIR; never a copy inside the repo.</summary>
public static class SharedData
{
    private static readonly Lazy<string> SharedRoot = new(Locate);

    public static string Root => SharedRoot.Value;

    /// <summary>The checkout these tests were built from: the nearest folder above their output holding DefectRefine.sln.</summary>
    public static string Checkout => FindCheckout()
        ?? throw new DirectoryNotFoundException("DefectRefine.sln not found above the test output.");

    public static string NeuSeg => Path.Combine(Root, "datasets", "neu-seg");

    private static string Locate()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("DR_SHARED_DIR");
        if (!string.IsNullOrEmpty(fromEnvironment))
            return Directory.Exists(fromEnvironment)
                ? fromEnvironment
                : throw new DirectoryNotFoundException($"DR_SHARED_DIR={fromEnvironment} does not exist.");

        if (FindCheckout() is { } checkout && Path.Combine(checkout, "..", "shared") is var shared && Directory.Exists(shared))
            return Path.GetFullPath(shared);
        throw new DirectoryNotFoundException(
            "The shared data folder was not found: expected ../shared beside the checkout (with datasets/neu-seg), or set DR_SHARED_DIR.");
    }

    private static string? FindCheckout()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "DefectRefine.sln")))
                return dir.FullName;
        return null;
    }
}
