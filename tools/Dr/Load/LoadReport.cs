using DefectRefine.Stations;

namespace DefectRefine.Cli.Load;

/// <summary>
/// What a load run measured. Lost: acknowledged answers the project's history does not hold. Duplicated: answers it
/// holds more than once. Both must be zero.
/// </summary>
public sealed record LoadReport(
    int Stations,
    int Gateways,
    double Seconds,
    int Sessions,
    int AnswersKept,
    int Undone,
    int Refused,
    double AnswersPerSecond,
    Latency NextQuery,
    double LeaseExpiries,
    int Lost,
    int Duplicated,
    IReadOnlyList<string> RefusalReasons)
{
    public bool Clean => Lost == 0 && Duplicated == 0;
}
