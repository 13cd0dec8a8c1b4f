using System.Text.Json.Serialization;
using DefectRefine.Contracts.V1;
using DefectRefine.ServiceDefaults.Health;
using DefectRefine.ServiceDefaults.Telemetry;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace DefectRefine.ServiceDefaults;

public static class ServiceDefaultsExtensions
{
    public const string LiveTag = "live";
    public const string ReadyTag = "ready";
    public const string BrokerTag = "broker";

    /// <summary>
    /// Health checks, PostgreSQL and RabbitMQ for a DefectRefine service. Fails at start-up, with the command that
    /// fixes it, when the connection settings are missing: a service that cannot reach its infrastructure is useless.
    /// </summary>
    public static IHostApplicationBuilder AddServiceDefaults(
        this IHostApplicationBuilder builder,
        string serviceName,
        Action<IBusRegistrationConfigurator>? configureBus = null)
    {
        var settings = InfrastructureSettings.From(builder.Configuration);
        builder.Services.AddSingleton(settings);
        var identity = new ServiceIdentity(serviceName, Environment.MachineName + ":" + Environment.ProcessId);
        builder.Services.AddSingleton(identity);
        builder.AddTelemetry(identity);

        // Ready means this replica can serve: PostgreSQL answers and holds this release's schema. Not the broker: while
        // it is away a gateway still takes answers (kept through the outbox), so it must stay in its Service.
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag])
            .AddNpgSql(settings.Postgres, name: "postgres", tags: [ReadyTag], timeout: TimeSpan.FromSeconds(5))
            .AddCheck<LabelStoreSchemaCheck>("schema", tags: [ReadyTag], timeout: TimeSpan.FromSeconds(20));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IHealthCheckPublisher, HealthMetrics>();

        // Bus:EndpointPrefix keeps deployments (or test runs) that share one broker on queues of their own.
        var endpointPrefix = builder.Configuration["Bus:EndpointPrefix"];
        builder.Services.AddMassTransit(bus =>
        {
            if (string.IsNullOrWhiteSpace(endpointPrefix))
                bus.SetKebabCaseEndpointNameFormatter();
            else
                bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(endpointPrefix.Trim(), false));
            configureBus?.Invoke(bus);
            // The broker shows in /health/live's detail and the health gauge, degraded rather than failed, so its outage
            // neither restarts a pod nor takes it out of its Service.
            bus.ConfigureHealthCheckOptions(health =>
            {
                health.Name = "rabbitmq";
                health.MinimalFailureStatus = HealthStatus.Degraded;
                health.Tags.Clear();
                health.Tags.Add(LiveTag);
                health.Tags.Add(BrokerTag);
            });
            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.ConfigureHost(settings.RabbitMq);
                // A database that restarts or fails over breaks the pooled connections once: try the message again a
                // few times before it faults (every consumer is idempotent), instead of waiting for the watchdog.
                rabbit.UseMessageRetry(retry =>
                {
                    retry.Intervals(250, 1000, 3000, 5000);
                    retry.Handle<Exception>(LabelStore.StoreUnavailable.Caused);
                });
                // Inside the retry, on every endpoint: what a consumer publishes is held until it completes, so a try that
                // fails after a publish (QueryMiner's map write after QueriesReady) publishes nothing, and a retried
                // message publishes once. What must go out while a consumer runs (training progress) goes on IBus.
                rabbit.UseInMemoryOutbox(context);
                rabbit.ConfigureEndpoints(context);
            });
        });
        // Wait for the broker before reporting started: a service that never reached it says so at start-up.
        builder.Services.Configure<MassTransitHostOptions>(options =>
        {
            options.WaitUntilStarted = true;
            options.StartTimeout = TimeSpan.FromSeconds(30);
            options.StopTimeout = TimeSpan.FromSeconds(30);
        });

        builder.Services.AddHostedService<HeartbeatPublisher>();

        // Enum names, not numbers, in every HTTP body: clients and auditors read "Roi", never "0".
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        return builder;
    }

    /// <summary>
    /// /health/live answers while the process runs, its detail saying whether the broker is reached; /health/ready
    /// only when PostgreSQL answers with this release's schema; /metrics is the Prometheus scrape endpoint. None of
    /// them is routed through the Ingress (k8s/base/ingress.yaml).
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(LiveTag),
            ResponseWriter = HealthReportWriter.WriteJson,
        });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResponseWriter = HealthReportWriter.WriteJson,
        });
        app.MapMetrics();
        app.MapGet("/", (ServiceIdentity identity) => Results.Ok(new { identity.Service, identity.Instance, identity.Version }));
        return app;
    }
}

public sealed record ServiceIdentity(string Service, string Instance)
{
    public string Version { get; } = typeof(ServiceIdentity).Assembly.GetName().Version?.ToString() ?? "0.0.0";
}
