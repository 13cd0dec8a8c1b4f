using System.Text.Json.Serialization;
using DefectRefine.Contracts.V1.Loop;
using DefectRefine.Contracts.V1.Stations;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace DefectRefine.Stations;

/// <summary>
/// One labelling station connected to the LabelGateway hub. WebSockets only, without the negotiate round trip: the
/// connection is one long-lived socket, so any number of gateway replicas behind a plain load balancer serve it without
/// sticky sessions (see docs/architecture.md, "Stations and gateway replicas").
/// </summary>
public sealed class StationClient : IAsyncDisposable
{
    public const string HubPath = "/hubs/labelling";

    private readonly HubConnection _connection;

    private StationClient(HubConnection connection, string station)
    {
        _connection = connection;
        Station = station;
        _connection.On<ProjectStatus>("Status", status => StatusChanged?.Invoke(status));
        _connection.On<TrainingStatus>("TrainingProgress", progress => TrainingProgressed?.Invoke(progress));
        _connection.On<int>("QueriesAvailable", ready => QueriesAvailable?.Invoke(ready));
    }

    public string Station { get; }
    public Guid? ProjectId { get; private set; }
    public HubConnectionState State => _connection.State;

    public event Action<ProjectStatus>? StatusChanged;
    public event Action<TrainingStatus>? TrainingProgressed;
    public event Action<int>? QueriesAvailable;

    /// <summary>
    /// Connects with a bearer token of a labeller (or admin): the hub records the token's user with every answer;
    /// <paramref name="station"/> only says where they sit.
    /// </summary>
    public static async Task<StationClient> ConnectAsync(Uri gateway, string station, string accessToken, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        ArgumentException.ThrowIfNullOrWhiteSpace(accessToken);
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(gateway, HubPath), options =>
            {
                options.SkipNegotiation = true;
                options.Transports = HttpTransportType.WebSockets;
                options.AccessTokenProvider = () => Task.FromResult<string?>(accessToken);
            })
            .AddJsonProtocol(json => json.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()))
            .Build();
        await connection.StartAsync(cancellationToken);
        return new StationClient(connection, station);
    }

    public async Task<ProjectStatus> JoinAsync(Guid projectId, CancellationToken cancellationToken = default)
    {
        var status = await _connection.InvokeAsync<ProjectStatus>("JoinProject", projectId, Station, cancellationToken);
        ProjectId = projectId;
        return status;
    }

    public Task<NextQueryResult> NextQueryAsync(CancellationToken cancellationToken = default) =>
        _connection.InvokeAsync<NextQueryResult>("NextQuery", cancellationToken);

    public Task<AnswerReceipt> AnswerAsync(StationAnswer answer, CancellationToken cancellationToken = default) =>
        _connection.InvokeAsync<AnswerReceipt>("Answer", answer, cancellationToken);

    public Task<UndoReceipt> UndoAsync(CancellationToken cancellationToken = default) =>
        _connection.InvokeAsync<UndoReceipt>("Undo", cancellationToken);

    public Task<ProjectStatus> StatusAsync(CancellationToken cancellationToken = default) =>
        _connection.InvokeAsync<ProjectStatus>("Status", cancellationToken);

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
