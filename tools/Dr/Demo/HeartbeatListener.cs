using System.Collections.Concurrent;
using DefectRefine.Contracts.V1;
using DefectRefine.ServiceDefaults;
using MassTransit;

namespace DefectRefine.Cli.Demo;

/// <summary>Listens on a temporary queue for <see cref="ServiceHeartbeat"/>: proof that a service reaches RabbitMQ.</summary>
public sealed class HeartbeatListener : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, ServiceHeartbeat> _seen = new();
    private readonly IBusControl _bus;

    private HeartbeatListener(Uri rabbitMq)
    {
        _bus = Bus.Factory.CreateUsingRabbitMq(bus =>
        {
            bus.ConfigureHost(rabbitMq);
            bus.ReceiveEndpoint(endpoint => endpoint.Handler<ServiceHeartbeat>(context =>
            {
                _seen[context.Message.Service] = context.Message;
                return Task.CompletedTask;
            }));
        });
    }

    public static async Task<HeartbeatListener> StartAsync(Uri rabbitMq, CancellationToken cancellationToken)
    {
        var listener = new HeartbeatListener(rabbitMq);
        await listener._bus.StartAsync(cancellationToken);
        return listener;
    }

    public bool HasSeen(string service) => _seen.ContainsKey(service);

    public async ValueTask DisposeAsync() => await _bus.StopAsync(CancellationToken.None);
}
