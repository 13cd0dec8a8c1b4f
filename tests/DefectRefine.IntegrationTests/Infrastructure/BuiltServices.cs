namespace DefectRefine.IntegrationTests.Infrastructure;

/// <summary>Where the service hosts this test run built lie: the checkout's root and the configuration in use.</summary>
public static class BuiltServices
{
#if DEBUG
    public const string Configuration = "Debug";
#else
    public const string Configuration = "Release";
#endif

    public static string RepositoryRoot => DefectRefine.UnitTests.SharedData.Checkout;
}
