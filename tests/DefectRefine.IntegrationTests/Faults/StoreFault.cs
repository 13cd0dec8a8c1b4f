using Npgsql;

namespace DefectRefine.IntegrationTests.Faults;

/// <summary>
/// A real database error on one table of a fleet's schema: a trigger that refuses every insert, as a full disk, a
/// revoked grant or a broken constraint would. The services meet a genuine PostgresException from their own write.
/// </summary>
public sealed class StoreFault(string postgres, string schema, string table, string message) : IAsyncDisposable
{
    private string Function => $"{schema}.dr_test_refuse_{table}";
    private string Trigger => $"dr_test_refuse_{table}";

    public string Message => message;

    public static async Task<StoreFault> RefuseInsertsAsync(string postgres, string schema, string table, string message, CancellationToken cancellationToken)
    {
        var fault = new StoreFault(postgres, schema, table, message);
        await fault.ExecuteAsync(
            $"create or replace function {fault.Function}() returns trigger language plpgsql as $$ begin raise exception '{message}'; end $$; " +
            $"create trigger {fault.Trigger} before insert on {schema}.{table} for each row execute function {fault.Function}();", cancellationToken);
        return fault;
    }

    /// <summary>Takes the fault away: inserts succeed again.</summary>
    public Task RemoveAsync(CancellationToken cancellationToken = default) =>
        ExecuteAsync($"drop trigger if exists {Trigger} on {schema}.{table}; drop function if exists {Function}();", cancellationToken);

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(postgres);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync() => await RemoveAsync();
}
