using System.Diagnostics;
using DefectRefine.ServiceDefaults;

namespace DefectRefine.Cli.Infrastructure;

/// <summary>The settings of the local servers and which of them this run started (and so stops again when it ends).</summary>
public sealed record LocalServers(IReadOnlyDictionary<string, string> Settings, IReadOnlyList<string> StartedHere);

/// <summary>
/// The settings of scripts/services.sh (connections and the local token signing key): taken from the environment,
/// else by running <c>services.sh up</c>. What a run started it stops with <see cref="StopStartedAsync"/>, and nothing
/// that already ran before it.
/// </summary>
public static class LocalInfrastructure
{
    public const string SigningKeyVariable = "Auth__SigningKey";

    /// <summary>
    /// Set by scripts/demo.sh to the servers (postgres, rabbitmq) that were not running before its <c>services.sh up</c>,
    /// so that <c>dr demo</c>, which it execs, knows which to stop.
    /// </summary>
    public const string StartedServersVariable = "DR_DEMO_STARTED_SERVERS";

    public static readonly string[] ServerNames = ["postgres", "rabbitmq"];

    public static async Task<LocalServers> EnsureUpAsync(TextWriter log, CancellationToken cancellationToken)
    {
        var postgres = Environment.GetEnvironmentVariable("ConnectionStrings__" + InfrastructureSettings.PostgresKey);
        var rabbitMq = Environment.GetEnvironmentVariable("ConnectionStrings__" + InfrastructureSettings.RabbitMqKey);
        var signingKey = Environment.GetEnvironmentVariable(SigningKeyVariable);
        if (!string.IsNullOrEmpty(postgres) && !string.IsNullOrEmpty(rabbitMq) && !string.IsNullOrEmpty(signingKey))
            return new LocalServers(Settings(postgres, rabbitMq, signingKey), StartedServers(Environment.GetEnvironmentVariable(StartedServersVariable)));

        var before = await RunScriptAsync(["status"], cancellationToken);
        var startedHere = NotRunning(before.Output);
        await log.WriteLineAsync("Starting PostgreSQL and RabbitMQ with scripts/services.sh up ...");
        var up = await RunScriptAsync(["up"], cancellationToken);
        if (up.ExitCode != 0)
            throw new InvalidOperationException($"scripts/services.sh up failed with exit code {up.ExitCode}; see its messages above.");

        var exports = LocalSettings.Exports(up.Output);
        if (!exports.TryGetValue("ConnectionStrings__" + InfrastructureSettings.PostgresKey, out postgres)
            || !exports.TryGetValue("ConnectionStrings__" + InfrastructureSettings.RabbitMqKey, out rabbitMq)
            || !exports.TryGetValue(SigningKeyVariable, out signingKey))
            throw new InvalidOperationException($"scripts/services.sh up printed no connection settings or signing key:\n{up.Output}");
        return new LocalServers(Settings(postgres, rabbitMq, signingKey), startedHere);
    }

    /// <summary>The servers that <c>services.sh status</c> does not report as running (or answering, under Docker).</summary>
    public static IReadOnlyList<string> NotRunning(string status)
    {
        var lines = status.Split('\n', StringSplitOptions.TrimEntries);
        return [.. ServerNames.Where(name => !lines.Any(line =>
            line.StartsWith(name + ": running", StringComparison.Ordinal) || line.StartsWith(name + ": answers", StringComparison.Ordinal)))];
    }

    /// <summary>The value of <see cref="StartedServersVariable"/>: server names separated by spaces; unset or empty, none.</summary>
    public static IReadOnlyList<string> StartedServers(string? variable)
    {
        var names = (variable ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var unknown = names.Except(ServerNames).ToList();
        if (unknown.Count > 0)
            throw new InvalidOperationException($"{StartedServersVariable} names unknown servers: {string.Join(", ", unknown)} (expected {string.Join(" and/or ", ServerNames)}).");
        return [.. ServerNames.Where(names.Contains)];
    }

    /// <summary>Stops the servers this run started (both: <c>services.sh down</c>, with epmd; one: <c>services.sh stop</c> it).</summary>
    public static async Task StopStartedAsync(IReadOnlyList<string> startedHere, TextWriter log)
    {
        if (startedHere.Count == 0)
            return;
        await SayAsync(log, $"Stopping what this demo started: {string.Join(" and ", startedHere)} (scripts/services.sh) ...");
        string[] arguments = startedHere.Count == ServerNames.Length ? ["down"] : ["stop", startedHere[0]];
        // Not cancellable: this runs because the demo was cancelled, and a half-stopped server is worse than a wait.
        // The script's messages come through here, not a terminal that may be gone: a closed output must not stop it halfway.
        var result = await RunScriptAsync(arguments, CancellationToken.None, captureMessages: true);
        await SayAsync(log, result.Messages.TrimEnd());
        if (result.ExitCode != 0)
            await SayAsync(log, $"scripts/services.sh {string.Join(' ', arguments)} failed with exit code {result.ExitCode}; stop the servers with: scripts/services.sh down");
    }

    /// <summary>Writes to a log that may have gone (the terminal closed, the reader of a pipe ended) without failing the caller.</summary>
    private static async Task SayAsync(TextWriter log, string message)
    {
        if (message.Length == 0)
            return;
        try
        {
            await log.WriteLineAsync(message);
        }
        catch (IOException)
        {
        }
    }

    private static async Task<(int ExitCode, string Output, string Messages)> RunScriptAsync(string[] arguments, CancellationToken cancellationToken,
        bool captureMessages = false)
    {
        var script = Path.Combine(RepositoryPaths.Root, "scripts", "services.sh");
        var start = new ProcessStartInfo("bash", [script, .. arguments]) { RedirectStandardOutput = true, RedirectStandardError = captureMessages };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not run {script}.");
        var messages = captureMessages ? process.StandardError.ReadToEndAsync(cancellationToken) : Task.FromResult("");
        var output = await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, output, await messages);
    }

    private static Dictionary<string, string> Settings(string postgres, string rabbitMq, string signingKey) => new()
    {
        ["ConnectionStrings__" + InfrastructureSettings.PostgresKey] = postgres,
        ["ConnectionStrings__" + InfrastructureSettings.RabbitMqKey] = rabbitMq,
        [SigningKeyVariable] = signingKey,
    };
}
