using DefectRefine.Contracts.V1.Labels;

namespace DefectRefine.LabelGateway.Stations;

/// <summary>Who is at the other end of a hub connection, once it has joined a project.</summary>
public sealed record StationConnection(string ConnectionId, Guid ProjectId, string Station, string User)
{
    public LabelAuthor Author => new(Station, User);
}
