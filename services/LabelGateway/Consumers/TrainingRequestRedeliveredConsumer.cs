using DefectRefine.Contracts.V1.Loop;
using DefectRefine.LabelGateway.Loop;
using DefectRefine.Loop;
using MassTransit;

namespace DefectRefine.LabelGateway.Consumers;

/// <summary>
/// A Trainer died with a round (killed, out of memory) and the broker gave the request to another: a failed attempt,
/// not resent (the redelivered request is being trained). A round that kills every Trainer it reaches fails for good
/// after <see cref="GatewayOptions.TrainingMaxAttempts"/>, and the Trainers then drop its request.
/// </summary>
public sealed class TrainingRequestRedeliveredConsumer(LoopReports reports, GatewayOptions options) : IConsumer<TrainingRequestRedelivered>
{
    public Task Consume(ConsumeContext<TrainingRequestRedelivered> context)
    {
        var redelivered = context.Message;
        return reports.ApplyAsync(redelivered.ProjectId, nameof(TrainingRequestRedelivered), loop => ProjectLoopRules.FailTrainingAttempt(loop, redelivered.Round,
                $"The Trainer training round {redelivered.Round} stopped without a result (killed or crashed).", sendAgain: false, options.TrainingMaxAttempts,
                DateTimeOffset.UtcNow),
            context.CancellationToken);
    }
}
