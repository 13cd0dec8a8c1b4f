namespace DefectRefine.UnitTests.Deployment;

/// <summary>
/// What each workload of k8s/ reads from a Secret, by its pod's <c>app.kubernetes.io/name</c>: the policy lint's
/// measure of "used". A secret value handed to a process that never reads it is one more place it can leak from, so a
/// new reference must be justified here, by the code that reads it.
/// </summary>
internal static class ConfigurationUse
{
    private static readonly string[] Datastores = ["ConnectionStrings__Postgres", "ConnectionStrings__RabbitMq"];

    /// <summary>Environment variables each workload reads.</summary>
    /// <remarks>
    /// - Every service calls AddServiceDefaults (libs/DefectRefine.ServiceDefaults), which requires both connection
    ///   strings (InfrastructureSettings.From).
    /// - Only services/Ingest/Program.cs and services/LabelGateway/Program.cs call AddDefectRefineAuth, the one reader of
    ///   Auth:SigningKey (libs/DefectRefine.Security/AuthOptions.cs); Sampler, Trainer and Miner check no tokens.
    /// - The schema Job ('dr schema apply') talks to PostgreSQL only.
    /// - The dev overlay's PostgreSQL reads its superuser's password and, in postgres-init.yaml, the services' role's;
    ///   its RabbitMQ reads its user's.
    /// </remarks>
    public static readonly IReadOnlyDictionary<string, IReadOnlySet<string>> Environment = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal)
    {
        ["ingest"] = new HashSet<string>([.. Datastores, "Auth__SigningKey"]),
        ["labelgateway"] = new HashSet<string>([.. Datastores, "Auth__SigningKey"]),
        ["sampler"] = new HashSet<string>(Datastores),
        ["trainer"] = new HashSet<string>(Datastores),
        ["miner"] = new HashSet<string>(Datastores),
        ["schema-apply"] = new HashSet<string>(["ConnectionStrings__Postgres"]),
        ["postgres"] = new HashSet<string>(["POSTGRES_PASSWORD", "DR_APP_PASSWORD"]),
        ["rabbitmq"] = new HashSet<string>(["RABBITMQ_DEFAULT_PASS"]),
    };

    /// <summary>
    /// Secrets mounted as files, and the variable whose value points at them: a pod needs the PostgreSQL CA only if it
    /// reads a connection string that says Root Certificate=/etc/defectrefine/pg-ca/ca.crt (scripts/k8s-secrets.sh).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> SecretFiles = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["defectrefine-pg-ca"] = "ConnectionStrings__Postgres",
    };
}
