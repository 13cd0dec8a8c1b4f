namespace DefectRefine.IntegrationTests.Infrastructure;

/// <summary>Where the service hosts this test run built lie: the checkout's root and the configuration in use.</summary>
public static class BuiltServices
{
#if DEBUG
    public const string Configuration = "Debug";
#else
    public const string Configuration = "Release";
#endif

    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "DefectRefine.sln")))
                    return dir.FullName;
            }
            throw new DirectoryNotFoundException("DefectRefine.sln not found above the test output.");
        }
    }
}
