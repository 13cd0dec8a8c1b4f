using DefectRefine.Contracts.V1.Loop;
using DefectRefine.Miner.Refinement;
using MassTransit;

namespace DefectRefine.Miner.Consumers;

/// <summary>ModelTrained → a refined mask per image of the project (its own queue, beside the gateway's consumer of the same message).</summary>
public sealed class RefinedMasksConsumer(RefinedMaskWriter refined) : IConsumer<ModelTrained>
{
    public Task Consume(ConsumeContext<ModelTrained> context) => refined.ProposeAsync(context.Message, context.CancellationToken);
}
