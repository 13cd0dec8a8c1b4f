using DefectRefine.LabelStore.Outbox;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DefectRefine.ServiceDefaults.Messaging;

public static class OutboxRelayExtensions
{
    /// <summary>Publishes the outbox of the label store to RabbitMQ, for a service whose writes queue messages there.</summary>
    public static IHostApplicationBuilder AddOutboxRelay(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IOutboxTransport, BusOutboxTransport>();
        builder.Services.AddHostedService<OutboxRelay>();
        return builder;
    }

    private sealed class BusOutboxTransport(IBus bus) : IOutboxTransport
    {
        public Task PublishAsync(object message, Guid messageId, CancellationToken cancellationToken) =>
            bus.Publish(message, message.GetType(), Pipe.Execute<PublishContext>(context => context.MessageId = messageId), cancellationToken);
    }
}
