using DefectRefine.Contracts.V1.Loop;
using DefectRefine.Loop;
using MassTransit;

namespace DefectRefine.LabelGateway.Consumers;

/// <summary>
/// Records why a round failed. A known failure (bad data, a diverged model) fails it at once; an unexpected one counts
/// as an attempt and sends the round again, until Gateway:TrainingMaxAttempts. An admin's retry asks for a failed round again.
/// </summary>
public sealed class TrainingFailedConsumer(LoopReports reports) : IConsumer<TrainingFailed>
{
    public Task Consume(ConsumeContext<TrainingFailed> context) => context.Message is { Unexpected: true } failed
        ? reports.FailAttemptAsync(failed.ProjectId, failed.Round, failed.Reason, sendAgain: true, nameof(TrainingFailed), context.CancellationToken)
        : reports.ApplyAsync(context.Message.ProjectId, nameof(TrainingFailed),
            loop => ProjectLoopRules.FailTraining(loop, context.Message, DateTimeOffset.UtcNow), context.CancellationToken);
}
