namespace DefectRefine.LabelGateway.Stations;

/// <summary>A station's request that cannot be carried out; the message is what the station shows, nothing was written.</summary>
public sealed class StationRefusal(string message) : Exception(message);
