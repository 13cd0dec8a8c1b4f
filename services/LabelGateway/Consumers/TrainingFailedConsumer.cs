using DefectRefine.Contracts.V1.Loop;
using DefectRefine.LabelGateway.Loop;
using DefectRefine.Loop;
using MassTransit;

namespace DefectRefine.LabelGateway.Consumers;

/// <summary>
/// Records why a round failed. A known failure (bad data, a diverged model) fails it at once; an unexpected one counts
/// as an attempt and sends the round again, until <see cref="GatewayOptions.TrainingMaxAttempts"/>. An admin's retry
/// asks for a failed round again.
/// </summary>
public sealed class TrainingFailedConsumer(LoopReports reports, GatewayOptions options) : IConsumer<TrainingFailed>
{
    public Task Consume(ConsumeContext<TrainingFailed> context)
    {
        var failed = context.Message;
        return reports.ApplyAsync(failed.ProjectId, nameof(TrainingFailed), loop => failed.Unexpected
                ? ProjectLoopRules.FailTrainingAttempt(loop, failed.Round, failed.Reason, sendAgain: true, options.TrainingMaxAttempts, DateTimeOffset.UtcNow)
                : ProjectLoopRules.FailTraining(loop, failed, DateTimeOffset.UtcNow),
            context.CancellationToken);
    }
}
