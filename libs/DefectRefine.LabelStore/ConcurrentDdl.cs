using Npgsql;

namespace DefectRefine.LabelStore;

/// <summary>
/// Recognises the failure PostgreSQL gives when two sessions create the same schema object at once (its CREATE ... IF
/// NOT EXISTS is not atomic against a concurrent one, and Weasel creates tables and indexes lazily on first use). Such
/// a failure wrote nothing, and the next attempt finds the object there.
/// </summary>
public static class ConcurrentDdl
{
    public static bool Caused(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateTable or PostgresErrorCodes.DuplicateObject or PostgresErrorCodes.DuplicateSchema } postgres
                && IsDdl(postgres))
                return true;
        }
        return false;
    }

    // A unique violation is a concurrent DDL only when it is on the catalog (pg_type, pg_class, pg_namespace): on a
    // table of ours it is a real duplicate and must not be retried.
    private static bool IsDdl(PostgresException error) =>
        error.SqlState != PostgresErrorCodes.UniqueViolation || (error.TableName ?? error.ConstraintName ?? "").StartsWith("pg_", StringComparison.Ordinal);
}
