using DefectRefine.Contracts.V1.Loop;
using DefectRefine.Loop;
using MassTransit;

namespace DefectRefine.LabelGateway.Consumers;

/// <summary>The running round's model is adopted and its queries are mined; a repeated or late report changes nothing.</summary>
public sealed class ModelTrainedConsumer(LoopReports reports) : IConsumer<ModelTrained>
{
    public Task Consume(ConsumeContext<ModelTrained> context) =>
        reports.ApplyAsync(context.Message.ProjectId, nameof(ModelTrained),
            loop => ProjectLoopRules.CompleteTraining(loop, context.Message, DateTimeOffset.UtcNow), context.CancellationToken);
}
