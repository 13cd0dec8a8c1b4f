using DefectRefine.LabelStore.Loop;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace DefectRefine.LabelStore;

public static class LabelStoreServiceCollectionExtensions
{
    /// <summary>Marten on the label-store schema plus the catalog, the writer and the history queries.</summary>
    public static IServiceCollection AddLabelStore(this IServiceCollection services, string connectionString, Action<LabelStoreOptions>? configure = null)
    {
        var settings = new LabelStoreOptions();
        configure?.Invoke(settings);
        services.AddSingleton(settings);
        services.AddMarten(options => LabelStoreSchema.Configure(options, connectionString, settings));
        services.AddSingleton<ImageCatalog>();
        services.AddSingleton<MaskWriter>();
        services.AddSingleton<LabelHistory>();
        services.AddSingleton<LabelMovementTracker>();
        services.AddSingleton(_ => Npgsql.NpgsqlDataSource.Create(connectionString));
        services.AddSingleton<LoopDatabase>();
        services.AddSingleton<ProjectLoops>();
        services.AddSingleton<ProjectScopes>();
        services.AddSingleton<QueryBuffer>();
        services.AddSingleton<ModelCheckpointStore>();
        services.AddSingleton<PixelCheckpointStore>();
        services.AddSingleton<TrainingLabelReader>();
        services.AddSingleton<ModelMapStore>();
        services.AddSingleton<ImagePixels>();
        services.AddSingleton<Outbox.Outbox>();
        return services;
    }
}
