using System.Text.Json.Serialization;
using DefectRefine.LabelGateway.Consumers;
using DefectRefine.LabelGateway.Loop;
using DefectRefine.LabelGateway.Stations;
using DefectRefine.LabelStore;
using DefectRefine.LabelStore.Http;
using DefectRefine.ServiceDefaults;
using MassTransit;
using Microsoft.AspNetCore.SignalR;

namespace DefectRefine.LabelGateway.Extensions;

public static class LabelGatewayServiceExtensions
{
    public static WebApplicationBuilder AddLabelGatewayServices(this WebApplicationBuilder builder)
    {
        builder.AddLabelStore();
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<LabelStoreExceptionHandler>();
        builder.Services.AddSingleton(builder.Configuration.GetSection("Gateway").Get<GatewayOptions>() ?? new GatewayOptions());
        builder.Services.AddSingleton<TrainingProgressCache>();
        builder.Services.AddSingleton<LoopReports>();
        builder.Services.AddSingleton<QueryLeasing>();
        builder.Services.AddSingleton<StationAccess>();
        builder.Services.AddSingleton<AnswerReacher>();
        builder.Services.AddSingleton<AnswerRecorder>();
        builder.Services.AddHostedService<LoopWatchdog>();
        builder.Services.AddSignalR(hub =>
            {
                hub.MaximumReceiveMessageSize = 64 * 1024;
                hub.AddFilter<AnswerRateLimitFilter>();
                hub.AddFilter<StoreUnavailableFilter>();
            })
            .AddJsonProtocol(json => json.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        return builder;
    }

    /// <summary>
    /// The loop's reports are competing consumers (one replica applies each); the station notifications are consumed by
    /// every replica on a queue of its own, so a station hears its project's changes on whichever replica it is connected to.
    /// </summary>
    public static void AddLabelGatewayConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<ModelTrainedConsumer>();
        bus.AddConsumer<TrainingFailedConsumer>();
        bus.AddConsumer<TrainingRequestRedeliveredConsumer>();
        bus.AddConsumer<QueriesReadyConsumer>();
        var instance = new string([.. $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid():N}"[..^24]
            .Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-')]);
        bus.AddStationNotifiers(instance);
    }
}
