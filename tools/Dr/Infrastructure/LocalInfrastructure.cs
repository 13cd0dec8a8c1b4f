using System.Diagnostics;
using System.Text.RegularExpressions;
using DefectRefine.ServiceDefaults;

namespace DefectRefine.Cli.Infrastructure;

/// <summary>
/// The settings of scripts/services.sh (connections and the local token signing key): taken from the environment,
/// else by running <c>services.sh up</c>.
/// </summary>
public static partial class LocalInfrastructure
{
    public const string SigningKeyVariable = "Auth__SigningKey";

    public static async Task<IReadOnlyDictionary<string, string>> EnsureUpAsync(TextWriter log, CancellationToken cancellationToken)
    {
        var postgres = Environment.GetEnvironmentVariable("ConnectionStrings__" + InfrastructureSettings.PostgresKey);
        var rabbitMq = Environment.GetEnvironmentVariable("ConnectionStrings__" + InfrastructureSettings.RabbitMqKey);
        var signingKey = Environment.GetEnvironmentVariable(SigningKeyVariable);
        if (!string.IsNullOrEmpty(postgres) && !string.IsNullOrEmpty(rabbitMq) && !string.IsNullOrEmpty(signingKey))
            return Settings(postgres, rabbitMq, signingKey);

        await log.WriteLineAsync("Starting PostgreSQL and RabbitMQ with scripts/services.sh up ...");
        var script = Path.Combine(RepositoryPaths.Root, "scripts", "services.sh");
        var start = new ProcessStartInfo("bash", [script, "up"]) { RedirectStandardOutput = true, RedirectStandardError = false };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not run {script}.");
        var output = await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"scripts/services.sh up failed with exit code {process.ExitCode}; see its messages above.");

        var exports = Exports(output);
        if (!exports.TryGetValue("ConnectionStrings__" + InfrastructureSettings.PostgresKey, out postgres)
            || !exports.TryGetValue("ConnectionStrings__" + InfrastructureSettings.RabbitMqKey, out rabbitMq)
            || !exports.TryGetValue(SigningKeyVariable, out signingKey))
            throw new InvalidOperationException($"scripts/services.sh up printed no connection settings or signing key:\n{output}");
        return Settings(postgres, rabbitMq, signingKey);
    }

    /// <summary>What the last <c>services.sh up</c> on this checkout saved (.state/services/env.sh), if it ran.</summary>
    public static IReadOnlyDictionary<string, string> Saved()
    {
        var path = Path.Combine(RepositoryPaths.Root, ".state", "services", "env.sh");
        return File.Exists(path) ? Exports(File.ReadAllText(path)) : new Dictionary<string, string>();
    }

    private static Dictionary<string, string> Exports(string script) =>
        ExportLine().Matches(script).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["value"].Value);

    private static Dictionary<string, string> Settings(string postgres, string rabbitMq, string signingKey) => new()
    {
        ["ConnectionStrings__" + InfrastructureSettings.PostgresKey] = postgres,
        ["ConnectionStrings__" + InfrastructureSettings.RabbitMqKey] = rabbitMq,
        [SigningKeyVariable] = signingKey,
    };

    [GeneratedRegex(@"^export (?<name>[A-Za-z_][A-Za-z0-9_]*)='(?<value>[^']*)'$", RegexOptions.Multiline)]
    private static partial Regex ExportLine();
}
