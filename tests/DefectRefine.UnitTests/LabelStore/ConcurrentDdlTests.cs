using DefectRefine.LabelStore;
using Npgsql;

namespace DefectRefine.UnitTests.LabelStore;

public sealed class ConcurrentDdlTests
{
    private static PostgresException Error(string sqlState, string? table = null, string? constraint = null) =>
        new("boom", "ERROR", "ERROR", sqlState, tableName: table, constraintName: constraint);

    [Fact]
    public void An_index_or_table_another_session_created_at_the_same_moment_is_a_concurrent_ddl_even_when_wrapped()
    {
        Assert.True(ConcurrentDdl.Caused(Error(PostgresErrorCodes.DuplicateTable)));
        Assert.True(ConcurrentDdl.Caused(new InvalidOperationException("wrapped", Error(PostgresErrorCodes.DuplicateObject))));
        Assert.True(ConcurrentDdl.Caused(Error(PostgresErrorCodes.UniqueViolation, table: "pg_type", constraint: "pg_type_typname_nsp_index")));
    }

    [Fact]
    public void A_duplicate_row_in_a_table_of_ours_or_any_other_failure_is_not_retried_as_ddl()
    {
        Assert.False(ConcurrentDdl.Caused(Error(PostgresErrorCodes.UniqueViolation, table: "mt_doc_dataset", constraint: "mt_doc_dataset_uidx_name")));
        Assert.False(ConcurrentDdl.Caused(Error(PostgresErrorCodes.SerializationFailure)));
        Assert.False(ConcurrentDdl.Caused(new TimeoutException()));
    }
}
