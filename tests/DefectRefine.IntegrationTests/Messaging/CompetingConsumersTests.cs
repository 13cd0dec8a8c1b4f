using System.Collections.Concurrent;
using DefectRefine.IntegrationTests.Infrastructure;
using DefectRefine.ServiceDefaults;
using MassTransit;

namespace DefectRefine.IntegrationTests.Messaging;

public sealed record ProbeWorkItem(Guid RunId, int Number);

[Collection(InfrastructureCollection.Name)]
public sealed class CompetingConsumersTests(InfrastructureFixture infrastructure)
{
    private const int MessageCount = 200;

    [Fact]
    public async Task Two_consumers_on_one_queue_split_the_messages_and_each_is_consumed_once()
    {
        var runId = Guid.NewGuid();
        var queue = $"probe-work-{runId:N}";
        var received = new ConcurrentDictionary<int, string>();
        var duplicates = new ConcurrentBag<int>();
        var allReceived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        IBusControl Worker(string name) => Bus.Factory.CreateUsingRabbitMq(bus =>
        {
            bus.ConfigureHost(infrastructure.RabbitMq);
            bus.ReceiveEndpoint(queue, endpoint =>
            {
                // Both workers declare the same shared queue. MassTransit makes a non-durable auto-delete queue
                // exclusive to its connection, so the queue stays durable and is only auto-deleted.
                endpoint.Durable = true;
                endpoint.AutoDelete = true;
                endpoint.Exclusive = false;
                endpoint.PrefetchCount = 2;
                endpoint.Handler<ProbeWorkItem>(async context =>
                {
                    if (context.Message.RunId != runId)
                        return;
                    await Task.Delay(2);
                    if (!received.TryAdd(context.Message.Number, name))
                        duplicates.Add(context.Message.Number);
                    if (received.Count == MessageCount)
                        allReceived.TrySetResult();
                });
            });
        });

        var workerA = Worker("a");
        var workerB = Worker("b");
        var publisher = Bus.Factory.CreateUsingRabbitMq(bus => bus.ConfigureHost(infrastructure.RabbitMq));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await workerA.StartAsync(timeout.Token);
        await workerB.StartAsync(timeout.Token);
        await publisher.StartAsync(timeout.Token);
        try
        {
            await Task.WhenAll(Enumerable.Range(0, MessageCount)
                .Select(number => publisher.Publish(new ProbeWorkItem(runId, number), timeout.Token)));
            await allReceived.Task.WaitAsync(timeout.Token);
        }
        finally
        {
            await publisher.StopAsync(CancellationToken.None);
            await workerA.StopAsync(CancellationToken.None);
            await workerB.StopAsync(CancellationToken.None);
        }

        Assert.Empty(duplicates);
        Assert.Equal(Enumerable.Range(0, MessageCount), received.Keys.Order());
        var shareOfA = received.Values.Count(worker => worker == "a");
        // Round-robin delivery with a small prefetch: each worker takes a real share, not all or nothing.
        Assert.InRange(shareOfA, MessageCount / 4, MessageCount * 3 / 4);
    }
}
