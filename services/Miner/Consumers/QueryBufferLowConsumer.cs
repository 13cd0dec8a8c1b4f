using DefectRefine.Contracts.V1.Loop;
using DefectRefine.Miner.Mining;
using MassTransit;

namespace DefectRefine.Miner.Consumers;

public sealed class QueryBufferLowConsumer(QueryMiner miner) : IConsumer<QueryBufferLow>
{
    public Task Consume(ConsumeContext<QueryBufferLow> context) => miner.RefillAsync(context.Message, context, context.CancellationToken);
}
