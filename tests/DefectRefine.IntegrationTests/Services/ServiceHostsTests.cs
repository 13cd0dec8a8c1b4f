using DefectRefine.Cli.Demo;
using DefectRefine.IntegrationTests.Infrastructure;
using DefectRefine.LabelStore;
using DefectRefine.ServiceDefaults;

namespace DefectRefine.IntegrationTests.Services;

[Collection(InfrastructureCollection.Name)]
public sealed class ServiceHostsTests(InfrastructureFixture infrastructure)
{
    private Dictionary<string, string> Environment => new()
    {
        ["ConnectionStrings__" + InfrastructureSettings.PostgresKey] = infrastructure.Postgres,
        ["ConnectionStrings__" + InfrastructureSettings.RabbitMqKey] = infrastructure.RabbitMq.ToString(),
    };

    [Fact]
    public async Task Every_service_starts_becomes_ready_and_reaches_the_bus()
    {
        // Ports away from the demo's 5100-5104 so a running demo does not collide with the test.
        var services = ServiceSpec.All.Select(service => service with { Port = service.Port + 150 }).ToList();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var heartbeats = await HeartbeatListener.StartAsync(infrastructure.RabbitMq, timeout.Token);
        await LabelStoreMigration.ApplyAsync(infrastructure.Postgres, new LabelStoreOptions(), grantTo: null, timeout.Token);
        var logs = Path.Combine(Path.GetTempPath(), "dr-service-hosts-" + Guid.NewGuid().ToString("N"));
        await using var fleet = ServiceFleet.Start(services, Environment, BuiltServices.RepositoryRoot, BuiltServices.Configuration, logs);

        var report = await fleet.WaitForHealthAsync(heartbeats, TimeSpan.FromMinutes(2), timeout.Token);

        Assert.Equal(["LabelGateway", "Ingest", "Sampler", "Trainer", "Miner"], report.Select(health => health.Service.Name));
        Assert.All(report, health =>
        {
            Assert.True(health.Ready, $"{health.Service.Name} not ready: {health.Detail}");
            Assert.Contains("\"postgres\":{\"status\":\"Healthy\"", health.Detail, StringComparison.Ordinal);
            Assert.True(health.HeartbeatSeen, $"{health.Service.Name} sent no heartbeat over RabbitMQ");
        });
        using var http = new HttpClient();
        var live = await http.GetAsync(new Uri(services[0].BaseAddress, "/health/live"), timeout.Token);
        Assert.True(live.IsSuccessStatusCode);
    }

    [Fact]
    public async Task A_service_without_connection_settings_stops_with_a_message_that_says_how_to_start_them()
    {
        var service = new ServiceSpec("Ingest", 5299);
        var logs = Path.Combine(Path.GetTempPath(), "dr-service-hosts-" + Guid.NewGuid().ToString("N"));
        var empty = new Dictionary<string, string>
        {
            ["ConnectionStrings__" + InfrastructureSettings.PostgresKey] = "",
            ["ConnectionStrings__" + InfrastructureSettings.RabbitMqKey] = "",
        };
        await using var fleet = ServiceFleet.Start([service], empty, BuiltServices.RepositoryRoot, BuiltServices.Configuration, logs);
        var process = fleet.Running[0].Process;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);

        Assert.NotEqual(0, process.ExitCode);
        var log = await File.ReadAllTextAsync(Path.Combine(logs, "Ingest.log"), timeout.Token);
        Assert.Contains("ConnectionStrings:Postgres is not set", log, StringComparison.Ordinal);
        Assert.Contains("scripts/services.sh up", log, StringComparison.Ordinal);
    }
}
