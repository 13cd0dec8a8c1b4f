using DefectRefine.Contracts.V1.Loop;
using DefectRefine.Loop;
using MassTransit;

namespace DefectRefine.LabelGateway.Consumers;

/// <summary>Records why a round failed; an admin's "retrain now" asks for it again.</summary>
public sealed class TrainingFailedConsumer(LoopReports reports) : IConsumer<TrainingFailed>
{
    public Task Consume(ConsumeContext<TrainingFailed> context) =>
        reports.ApplyAsync(context.Message.ProjectId, nameof(TrainingFailed),
            loop => ProjectLoopRules.FailTraining(loop, context.Message, DateTimeOffset.UtcNow), context.CancellationToken);
}
