namespace DefectRefine.LabelGateway.Stations;

/// <summary>SignalR group and client method names shared by the hub, the notifiers and every station client.</summary>
public static class StationGroups
{
    public const string HubPath = "/hubs/labelling";

    /// <summary>Client method: a <c>ProjectStatus</c> after every change of the loop.</summary>
    public const string Status = "Status";

    /// <summary>Client method: a <c>TrainingStatus</c> every few seconds while a round trains.</summary>
    public const string TrainingProgress = "TrainingProgress";

    /// <summary>Client method: the project's buffer has queries again (a waiting station asks now).</summary>
    public const string QueriesAvailable = "QueriesAvailable";

    public static string Project(Guid projectId) => $"project:{projectId:N}";
}
