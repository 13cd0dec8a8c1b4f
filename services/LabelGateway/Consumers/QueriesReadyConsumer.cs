using DefectRefine.Contracts.V1.Loop;
using DefectRefine.Loop;
using MassTransit;

namespace DefectRefine.LabelGateway.Consumers;

/// <summary>The first queries of the newest model start the next labelling session.</summary>
public sealed class QueriesReadyConsumer(LoopReports reports) : IConsumer<QueriesReady>
{
    public Task Consume(ConsumeContext<QueriesReady> context) =>
        reports.ApplyAsync(context.Message.ProjectId, nameof(QueriesReady),
            loop => ProjectLoopRules.QueriesReady(loop, context.Message, DateTimeOffset.UtcNow), context.CancellationToken);
}
