using Npgsql;

namespace DefectRefine.IntegrationTests.Infrastructure;

/// <summary>Row counts of a label-store schema's tables: how the tests show that a refused request wrote nothing.</summary>
public static class StoreRows
{
    public static async Task<long> CountAsync(string postgres, string schema, string table, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(postgres);
        await connection.OpenAsync(cancellationToken);
        await using var count = new NpgsqlCommand($"select count(*) from {schema}.{table}", connection);
        return (long)(await count.ExecuteScalarAsync(cancellationToken))!;
    }
}
