using System.Diagnostics;
using System.Text.RegularExpressions;
using DefectRefine.ServiceDefaults;

namespace DefectRefine.Cli.Infrastructure;

/// <summary>The connection settings of scripts/services.sh: taken from the environment, else by running <c>services.sh up</c>.</summary>
public static partial class LocalInfrastructure
{
    public static async Task<IReadOnlyDictionary<string, string>> EnsureUpAsync(TextWriter log, CancellationToken cancellationToken)
    {
        var postgres = Environment.GetEnvironmentVariable("ConnectionStrings__" + InfrastructureSettings.PostgresKey);
        var rabbitMq = Environment.GetEnvironmentVariable("ConnectionStrings__" + InfrastructureSettings.RabbitMqKey);
        if (!string.IsNullOrEmpty(postgres) && !string.IsNullOrEmpty(rabbitMq))
            return Settings(postgres, rabbitMq);

        await log.WriteLineAsync("Starting PostgreSQL and RabbitMQ with scripts/services.sh up ...");
        var script = Path.Combine(RepositoryPaths.Root, "scripts", "services.sh");
        var start = new ProcessStartInfo("bash", [script, "up"]) { RedirectStandardOutput = true, RedirectStandardError = false };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not run {script}.");
        var output = await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"scripts/services.sh up failed with exit code {process.ExitCode}; see its messages above.");

        var exports = ExportLine().Matches(output).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["value"].Value);
        if (!exports.TryGetValue("ConnectionStrings__" + InfrastructureSettings.PostgresKey, out postgres)
            || !exports.TryGetValue("ConnectionStrings__" + InfrastructureSettings.RabbitMqKey, out rabbitMq))
            throw new InvalidOperationException($"scripts/services.sh up printed no connection settings:\n{output}");
        return Settings(postgres, rabbitMq);
    }

    private static Dictionary<string, string> Settings(string postgres, string rabbitMq) => new()
    {
        ["ConnectionStrings__" + InfrastructureSettings.PostgresKey] = postgres,
        ["ConnectionStrings__" + InfrastructureSettings.RabbitMqKey] = rabbitMq,
    };

    [GeneratedRegex(@"^export (?<name>[A-Za-z_][A-Za-z0-9_]*)='(?<value>[^']*)'$", RegexOptions.Multiline)]
    private static partial Regex ExportLine();
}
