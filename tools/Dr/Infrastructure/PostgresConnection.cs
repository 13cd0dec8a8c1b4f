using DefectRefine.ServiceDefaults;

namespace DefectRefine.Cli.Infrastructure;

/// <summary>
/// The PostgreSQL connection string for commands that only read or write labels: --postgres, else
/// ConnectionStrings__Postgres, else the settings the last <c>scripts/services.sh up</c> saved in .state/services/env.sh.
/// </summary>
public static class PostgresConnection
{
    public static string Resolve(string? option)
    {
        if (!string.IsNullOrWhiteSpace(option))
            return option;
        var fromEnvironment = Environment.GetEnvironmentVariable("ConnectionStrings__" + InfrastructureSettings.PostgresKey);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
            return fromEnvironment;
        var saved = Path.Combine(RepositoryPaths.Root, ".state", "services", "env.sh");
        if (File.Exists(saved))
        {
            const string prefix = "export ConnectionStrings__Postgres='";
            var line = File.ReadLines(saved).FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
            if (line is not null)
                return line[prefix.Length..].TrimEnd('\'');
        }
        throw new InvalidOperationException($"No PostgreSQL connection: pass --postgres or set ConnectionStrings__Postgres. {InfrastructureSettings.StartHint}");
    }
}
