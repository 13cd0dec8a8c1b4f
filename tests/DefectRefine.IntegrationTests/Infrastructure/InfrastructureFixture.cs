using DefectRefine.ServiceDefaults;
using DotNet.Testcontainers.Containers;
using Microsoft.Extensions.Configuration;
using Npgsql;
using Testcontainers.PostgreSql;
using Testcontainers.RabbitMq;

namespace DefectRefine.IntegrationTests.Infrastructure;

/// <summary>
/// Real PostgreSQL and RabbitMQ for every integration test, found in this order: the environment variables printed by
/// <c>scripts/services.sh up</c>; containers started by Testcontainers where a Docker daemon answers; otherwise a
/// failure that says how to start them. Never a silent skip: a green run means the servers were really used.
/// </summary>
public sealed class InfrastructureFixture : IAsyncLifetime
{
    private readonly List<IContainer> _containers = [];
    private readonly List<string> _schemas = [];

    public string Postgres { get; private set; } = "";
    public Uri RabbitMq { get; private set; } = null!;
    public string Source { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        var postgres = configuration.GetConnectionString(InfrastructureSettings.PostgresKey);
        var rabbitMq = configuration.GetConnectionString(InfrastructureSettings.RabbitMqKey);

        if (!string.IsNullOrEmpty(postgres) || !string.IsNullOrEmpty(rabbitMq))
        {
            var settings = InfrastructureSettings.From(configuration);
            (Postgres, RabbitMq, Source) = (settings.Postgres, settings.RabbitMq, "environment");
        }
        else
        {
            await StartContainersAsync();
        }

        await WaitForPostgresAsync();
    }

    /// <summary>A fresh schema for one test class's Marten store, dropped when the run ends.</summary>
    public string CreateSchemaName(string prefix)
    {
        var name = $"t_{prefix}_{Guid.NewGuid():N}"[..40].ToLowerInvariant();
        lock (_schemas)
            _schemas.Add(name);
        return name;
    }

    public async Task DisposeAsync()
    {
        if (Postgres.Length > 0 && _containers.Count == 0)
        {
            await using var connection = new NpgsqlConnection(Postgres);
            await connection.OpenAsync();
            foreach (var schema in _schemas)
            {
                await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE", connection);
                await drop.ExecuteNonQueryAsync();
            }
        }
        foreach (var container in _containers)
            await container.DisposeAsync();
    }

    /// <summary>
    /// Stops one server as an outage would, with <c>scripts/services.sh stop</c>; <see cref="StartAsync"/> brings it
    /// back on the same port with its data. Only the servers of that script can be restarted in place.
    /// </summary>
    public Task StopAsync(Server server, CancellationToken cancellationToken) => ServicesScriptAsync("stop", server, cancellationToken);

    public async Task StartAsync(Server server, CancellationToken cancellationToken)
    {
        await ServicesScriptAsync("start", server, cancellationToken);
        // The stop severed every pooled connection of this process; without clearing the pools the next test in the
        // collection can draw one of them and fail with 57P01 ("terminating connection due to administrator command").
        if (server == Server.Postgres)
            NpgsqlConnection.ClearAllPools();
    }

    private async Task ServicesScriptAsync(string command, Server server, CancellationToken cancellationToken)
    {
        if (Source != "environment")
            throw new NotSupportedException($"Restarting a server needs the servers of scripts/services.sh (eval \"$(scripts/services.sh up)\"), not {Source}.");
        var name = server == Server.Postgres ? "postgres" : "rabbitmq";
        var start = new System.Diagnostics.ProcessStartInfo("bash", [Path.Combine(BuiltServices.RepositoryRoot, "scripts", "services.sh"), command, name])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using var process = System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException("Could not run scripts/services.sh.");
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"scripts/services.sh {command} {name} failed ({process.ExitCode}): {await errors}");
    }

    private async Task StartContainersAsync()
    {
        PostgreSqlContainer postgres;
        RabbitMqContainer rabbitMq;
        try
        {
            postgres = new PostgreSqlBuilder("postgres:16").Build();
            rabbitMq = new RabbitMqBuilder("rabbitmq:3.13").Build();
            _containers.Add(postgres);
            _containers.Add(rabbitMq);
            await Task.WhenAll(postgres.StartAsync(), rabbitMq.StartAsync());
        }
        catch (Exception exception)
        {
            throw new InvalidOperationException(
                "Integration tests need real PostgreSQL and RabbitMQ, and found neither the environment variables " +
                "ConnectionStrings__Postgres / ConnectionStrings__RabbitMq nor a Docker daemon for Testcontainers " +
                $"({exception.GetType().Name}: {exception.Message}). Run ./scripts/test.sh, or start them yourself: " +
                "eval \"$(scripts/services.sh up)\" && dotnet test", exception);
        }
        (Postgres, RabbitMq, Source) = (postgres.GetConnectionString(), new Uri(rabbitMq.GetConnectionString()), "testcontainers");
    }

    private async Task WaitForPostgresAsync()
    {
        try
        {
            await using var connection = new NpgsqlConnection(Postgres);
            await connection.OpenAsync();
            await using var probe = new NpgsqlCommand("SELECT 1", connection);
            await probe.ExecuteScalarAsync();
        }
        catch (Exception exception)
        {
            throw new InvalidOperationException(
                $"PostgreSQL from {Source} does not answer at '{Postgres}': {exception.Message}. {InfrastructureSettings.StartHint}", exception);
        }
    }
}

public enum Server
{
    Postgres,
    RabbitMq,
}

[CollectionDefinition(Name)]
public sealed class InfrastructureCollection : ICollectionFixture<InfrastructureFixture>
{
    public const string Name = "infrastructure";
}
