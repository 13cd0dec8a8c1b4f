using DefectRefine.Contracts.V1.Loop;
using MassTransit;

namespace DefectRefine.LabelGateway.Consumers;

/// <summary>
/// A Trainer died with a round (killed, out of memory) and the broker gave the request to another: a failed attempt,
/// not resent (the redelivered request is being trained). A round that kills every Trainer it reaches fails for good
/// after Gateway:TrainingMaxAttempts, and the Trainers then drop its request.
/// </summary>
public sealed class TrainingRequestRedeliveredConsumer(LoopReports reports) : IConsumer<TrainingRequestRedelivered>
{
    public Task Consume(ConsumeContext<TrainingRequestRedelivered> context) =>
        reports.FailAttemptAsync(context.Message.ProjectId, context.Message.Round,
            $"The Trainer training round {context.Message.Round} stopped without a result (killed or crashed).", sendAgain: false,
            nameof(TrainingRequestRedelivered), context.CancellationToken);
}
