using DefectRefine.Contracts.V1.Loop;
using DefectRefine.LabelGateway.Loop;
using MassTransit;
using Microsoft.AspNetCore.SignalR;

namespace DefectRefine.LabelGateway.Stations;

// These consumers run on every gateway replica (each has its own temporary queue, see StationNotifierRegistration), so
// a station hears about its project whichever replica its connection landed on.

public sealed class ProjectLoopChangedNotifier(IHubContext<LabellingHub> hub) : IConsumer<ProjectLoopChanged>
{
    public Task Consume(ConsumeContext<ProjectLoopChanged> context) =>
        hub.Clients.Group(StationGroups.Project(context.Message.Status.ProjectId))
            .SendAsync(StationGroups.Status, context.Message.Status, context.CancellationToken);
}

public sealed class TrainingProgressedNotifier(IHubContext<LabellingHub> hub, TrainingProgressCache progress) : IConsumer<TrainingProgressed>
{
    public Task Consume(ConsumeContext<TrainingProgressed> context)
    {
        progress.Record(context.Message, DateTimeOffset.UtcNow);
        return hub.Clients.Group(StationGroups.Project(context.Message.ProjectId))
            .SendAsync(StationGroups.TrainingProgress, progress.Latest(context.Message.ProjectId), context.CancellationToken);
    }
}

public sealed class QueriesAvailableNotifier(IHubContext<LabellingHub> hub) : IConsumer<QueriesReady>
{
    public Task Consume(ConsumeContext<QueriesReady> context) =>
        context.Message.Ready == 0
            ? Task.CompletedTask
            : hub.Clients.Group(StationGroups.Project(context.Message.ProjectId))
                .SendAsync(StationGroups.QueriesAvailable, context.Message.Ready, context.CancellationToken);
}

public static class StationNotifierRegistration
{
    /// <summary>One auto-deleted queue per replica, named after its instance, bound to the three notifications.</summary>
    public static void AddStationNotifiers(this IBusRegistrationConfigurator bus, string instance)
    {
        void PerReplica(IEndpointRegistrationConfigurator endpoint)
        {
            endpoint.Name = "gateway-stations";
            endpoint.InstanceId = instance;
            endpoint.Temporary = true;
        }
        bus.AddConsumer<ProjectLoopChangedNotifier>().Endpoint(PerReplica);
        bus.AddConsumer<TrainingProgressedNotifier>().Endpoint(PerReplica);
        bus.AddConsumer<QueriesAvailableNotifier>().Endpoint(PerReplica);
    }
}
