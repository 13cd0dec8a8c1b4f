using DefectRefine.ServiceDefaults;

namespace DefectRefine.Cli.Infrastructure;

/// <summary>
/// The PostgreSQL connection string for commands that only read or write labels: --postgres, else the local settings
/// (ConnectionStrings__Postgres, else what the last <c>scripts/services.sh up</c> saved; see <see cref="LocalSettings"/>).
/// </summary>
public static class PostgresConnection
{
    public static string Resolve(string? option) => Resolve(option, LocalSettings.Current);

    public static string Resolve(string? option, LocalSettings settings)
    {
        if (!string.IsNullOrWhiteSpace(option))
            return option;
        return settings.Get("ConnectionStrings__" + InfrastructureSettings.PostgresKey)
            ?? throw new InvalidOperationException($"No PostgreSQL connection: pass --postgres or set ConnectionStrings__Postgres. {InfrastructureSettings.StartHint}");
    }
}
