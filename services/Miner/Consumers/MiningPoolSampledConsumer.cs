using DefectRefine.Contracts.V1.Loop;
using DefectRefine.Miner.Mining;
using MassTransit;

namespace DefectRefine.Miner.Consumers;

public sealed class MiningPoolSampledConsumer(QueryMiner miner) : IConsumer<MiningPoolSampled>
{
    public Task Consume(ConsumeContext<MiningPoolSampled> context) => miner.FillAsync(context.Message, context, context.CancellationToken);
}
