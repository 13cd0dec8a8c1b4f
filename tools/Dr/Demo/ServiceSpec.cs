namespace DefectRefine.Cli.Demo;

/// <summary>One of the five service hosts, where its build output lies and the loopback port it listens on.</summary>
public sealed record ServiceSpec(string Name, int Port)
{
    public static IReadOnlyList<ServiceSpec> All { get; } =
    [
        new("LabelGateway", 5100),
        new("Ingest", 5101),
        new("Sampler", 5102),
        new("Trainer", 5103),
        new("Miner", 5104),
    ];

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    public string AssemblyPath(string repositoryRoot, string configuration) =>
        Path.Combine(repositoryRoot, "services", Name, "bin", configuration, "net10.0", $"DefectRefine.{Name}.dll");
}
