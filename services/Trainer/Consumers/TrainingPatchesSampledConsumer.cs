using DefectRefine.Contracts.V1.Loop;
using DefectRefine.Trainer.Training;
using MassTransit;

namespace DefectRefine.Trainer.Consumers;

/// <summary>
/// Trains the round the pool was drawn for. The message stays unacknowledged while the round runs, so if this replica
/// dies RabbitMQ hands it to another one.
/// </summary>
public sealed class TrainingPatchesSampledConsumer(ProjectTrainer trainer) : IConsumer<TrainingPatchesSampled>
{
    public Task Consume(ConsumeContext<TrainingPatchesSampled> context) =>
        trainer.TrainAsync(context.Message, context, context.ReceiveContext.Redelivered, context.CancellationToken);
}

/// <summary>One round at a time per replica: a round uses every core it is given.</summary>
public sealed class TrainingPatchesSampledConsumerDefinition : ConsumerDefinition<TrainingPatchesSampledConsumer>
{
    public TrainingPatchesSampledConsumerDefinition() => ConcurrentMessageLimit = 1;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpoint, IConsumerConfigurator<TrainingPatchesSampledConsumer> consumer,
        IRegistrationContext context) => endpoint.PrefetchCount = 1;
}
