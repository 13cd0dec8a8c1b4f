namespace DefectRefine.LabelStore;

/// <summary>
/// Whether a failure means PostgreSQL could not be reached (a restart, a failover, a pool of dead connections, a
/// timeout) rather than that the request was wrong: such a call wrote nothing and may simply be tried again.
/// </summary>
public static class StoreUnavailable
{
    public static bool Caused(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
            if (e is Npgsql.NpgsqlException or TimeoutException)
                return true;
        return false;
    }
}
