using Microsoft.Extensions.Configuration;

namespace DefectRefine.ServiceDefaults;

/// <summary>
/// The two connection settings every service and test reads. They arrive as the environment variables
/// <c>ConnectionStrings__Postgres</c> and <c>ConnectionStrings__RabbitMq</c> printed by <c>scripts/services.sh up</c>,
/// by docker-compose.yml or by the Kubernetes ConfigMap/Secret.
/// </summary>
public sealed record InfrastructureSettings(string Postgres, Uri RabbitMq)
{
    public const string PostgresKey = "Postgres";
    public const string RabbitMqKey = "RabbitMq";
    public const string StartHint = "Start the local infrastructure and load its settings with: eval \"$(scripts/services.sh up)\"";

    public static InfrastructureSettings From(IConfiguration configuration) =>
        new(RequirePostgres(configuration), RequireRabbitMq(configuration));

    public static string RequirePostgres(IConfiguration configuration) =>
        configuration.GetConnectionString(PostgresKey) is { Length: > 0 } value
            ? value
            : throw Missing(PostgresKey);

    public static Uri RequireRabbitMq(IConfiguration configuration)
    {
        var value = configuration.GetConnectionString(RabbitMqKey);
        if (string.IsNullOrWhiteSpace(value))
            throw Missing(RabbitMqKey);
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("amqp" or "amqps"))
            throw new InvalidOperationException($"ConnectionStrings:{RabbitMqKey} must be an amqp:// or amqps:// URI, got '{value}'.");
        return uri;
    }

    private static InvalidOperationException Missing(string key) =>
        new($"ConnectionStrings:{key} is not set (environment variable ConnectionStrings__{key}). {StartHint}");
}
