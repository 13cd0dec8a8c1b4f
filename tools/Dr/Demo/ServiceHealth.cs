namespace DefectRefine.Cli.Demo;

/// <summary>What /health/ready answered for one service, and whether its heartbeat came back over RabbitMQ.</summary>
public sealed record ServiceHealth(ServiceSpec Service, int ProcessId, bool Ready, string Detail, bool HeartbeatSeen)
{
    public bool Healthy => Ready && HeartbeatSeen;
}
