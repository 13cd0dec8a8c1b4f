using DefectRefine.Contracts.V1.Loop;
using DefectRefine.IntegrationTests.Infrastructure;
using DefectRefine.LabelStore;
using DefectRefine.Loop;
using DefectRefine.ServiceDefaults.Health;
using Marten;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace DefectRefine.IntegrationTests.Services;

/// <summary>
/// Schema changes come only from `dr schema apply` (LabelStoreMigration), under a DDL role; the services run as a
/// role that may read and write but not change the schema, and are not ready until the schema matches their release.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class SchemaMigrationTests(InfrastructureFixture infrastructure)
{
    [Fact]
    public async Task A_service_role_granted_by_the_migration_reads_and_writes_but_cannot_change_the_schema()
    {
        var schema = infrastructure.CreateSchemaName("grants");
        var role = "dr_app_" + Guid.NewGuid().ToString("N")[..10];
        await ExecuteAsync($"CREATE ROLE {role} LOGIN PASSWORD 'app-secret'");
        try
        {
            await LabelStoreMigration.ApplyAsync(infrastructure.Postgres, new LabelStoreOptions { Schema = schema }, role, CancellationToken.None);

            var asService = new NpgsqlConnectionStringBuilder(infrastructure.Postgres) { Username = role, Password = "app-secret", Pooling = false }.ConnectionString;
            var settings = new LabelStoreOptions { Schema = schema, ApplySchemaChanges = false };
            using var store = LabelStoreSchema.CreateStore(asService, settings);
            var catalog = new ImageCatalog(store, settings, new LabelStore.Outbox.Outbox(settings));
            var dataset = await catalog.CreateDatasetAsync("granted", null, "ann");
            var projectId = Guid.NewGuid();
            await using (var session = store.LightweightSession())
            {
                session.Events.StartStream<ProjectLoop>(projectId, new ProjectCreated(projectId, "granted-" + role, dataset.Id, new ProjectSettings(), "ann", DateTimeOffset.UtcNow));
                await session.SaveChangesAsync();
            }
            Assert.Equal("granted", (await catalog.GetDatasetAsync(dataset.Id)).Name);
            await using (var query = store.QuerySession())
                Assert.Single(await query.Events.FetchStreamAsync(projectId));

            await using var connection = new NpgsqlConnection(asService);
            await connection.OpenAsync();
            foreach (var ddl in new[] { $"CREATE TABLE \"{schema}\".intruder (id int)", $"DROP TABLE \"{schema}\".mt_events", $"ALTER TABLE \"{schema}\".mt_events ADD COLUMN x int" })
            {
                await using var command = new NpgsqlCommand(ddl, connection);
                var refused = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
                Assert.Contains(refused.SqlState, new[] { PostgresErrorCodes.InsufficientPrivilege, "42501" });
            }
        }
        finally
        {
            await ExecuteAsync($"DROP OWNED BY {role}; DROP ROLE {role}");
        }
    }

    [Fact]
    public async Task A_replica_is_not_ready_until_the_schema_of_its_release_is_applied()
    {
        var schema = infrastructure.CreateSchemaName("ready");
        var settings = new LabelStoreOptions { Schema = schema, ApplySchemaChanges = false };
        using var store = LabelStoreSchema.CreateStore(infrastructure.Postgres, settings);
        var check = new LabelStoreSchemaCheck(store, settings, TimeProvider.System);
        var context = new HealthCheckContext { Registration = new HealthCheckRegistration("schema", check, HealthStatus.Unhealthy, null) };

        var before = await check.CheckHealthAsync(context);
        Assert.Equal(HealthStatus.Unhealthy, before.Status);
        Assert.Contains("dr schema apply", before.Description, StringComparison.Ordinal);
        // The service itself changed nothing: it may not.
        Assert.Equal(0L, await ScalarAsync($"SELECT count(*) FROM information_schema.tables WHERE table_schema = '{schema}'"));

        await LabelStoreMigration.ApplyAsync(infrastructure.Postgres, new LabelStoreOptions { Schema = schema }, grantTo: null, CancellationToken.None);
        var after = await check.CheckHealthAsync(context);
        Assert.True(after.Status == HealthStatus.Healthy, after.Description);
    }

    [Fact]
    public async Task The_migration_refuses_a_role_that_does_not_exist_or_is_no_plain_name()
    {
        var schema = infrastructure.CreateSchemaName("refuse");
        var missing = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            LabelStoreMigration.ApplyAsync(infrastructure.Postgres, new LabelStoreOptions { Schema = schema }, "dr_nobody_here", CancellationToken.None));
        Assert.Contains("does not exist", missing.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(() =>
            LabelStoreMigration.ApplyAsync(infrastructure.Postgres, new LabelStoreOptions { Schema = schema }, "app; DROP TABLE x", CancellationToken.None));
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(infrastructure.Postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(infrastructure.Postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
