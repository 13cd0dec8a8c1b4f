using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace DefectRefine.Cli.Infrastructure;

/// <summary>
/// Where every command finds the local settings (connections, the token signing key): the environment first, then what
/// the last <c>scripts/services.sh up</c> in this checkout saved (.state/services/env.sh). One lookup, so that
/// <c>dr doctor</c>, <c>dr history</c>, <c>dr token</c>, <c>dr simulate</c>, <c>dr load</c> and <c>dr images</c> agree.
/// </summary>
public sealed partial class LocalSettings
{
    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly string _savedFile;

    public LocalSettings(string savedFile, IReadOnlyDictionary<string, string> environment) =>
        (_savedFile, _environment) = (savedFile, environment);

    /// <summary>This process's environment and this checkout's saved settings (none outside a checkout).</summary>
    public static LocalSettings Current => new(RepositoryPaths.RootIfAny is { } root ? SavedFile(root) : "",
        Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? ""));

    public static string SavedFile(string repositoryRoot) => Path.Combine(repositoryRoot, ".state", "services", "env.sh");

    /// <summary>A variable as the services name it (e.g. ConnectionStrings__Postgres): the environment's, else the saved one.</summary>
    public string? Get(string variable)
    {
        if (_environment.TryGetValue(variable, out var value) && !string.IsNullOrWhiteSpace(value))
            return value;
        return Saved().TryGetValue(variable, out var saved) && !string.IsNullOrWhiteSpace(saved) ? saved : null;
    }

    /// <summary>The settings as configuration (ConnectionStrings:Postgres, Auth:SigningKey, ...), the environment winning.</summary>
    public IConfiguration Configuration()
    {
        var builder = new ConfigurationBuilder()
            .AddInMemoryCollection(Saved().Select(pair => new KeyValuePair<string, string?>(pair.Key.Replace("__", ":", StringComparison.Ordinal), pair.Value)));
        var environment = _environment.Where(pair => !string.IsNullOrWhiteSpace(pair.Value))
            .Select(pair => new KeyValuePair<string, string?>(pair.Key.Replace("__", ":", StringComparison.Ordinal), pair.Value));
        return builder.AddInMemoryCollection(environment).Build();
    }

    /// <summary>What the last <c>services.sh up</c> saved, if it ran here.</summary>
    public IReadOnlyDictionary<string, string> Saved() =>
        File.Exists(_savedFile) ? Exports(File.ReadAllText(_savedFile)) : new Dictionary<string, string>();

    public static Dictionary<string, string> Exports(string script) =>
        ExportLine().Matches(script).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["value"].Value);

    [GeneratedRegex(@"^export (?<name>[A-Za-z_][A-Za-z0-9_]*)='(?<value>[^']*)'$", RegexOptions.Multiline)]
    private static partial Regex ExportLine();
}
