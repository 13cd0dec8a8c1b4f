using DefectRefine.LabelStore;
using DefectRefine.Miner.Consumers;
using DefectRefine.Miner.Mining;
using DefectRefine.Miner.Refinement;
using DefectRefine.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("Miner", bus =>
{
    bus.AddConsumer<MiningPoolSampledConsumer>();
    bus.AddConsumer<QueryBufferLowConsumer>();
    bus.AddConsumer<RefinedMasksConsumer>();
});
builder.AddLabelStore();
builder.Services.AddSingleton(builder.Configuration.GetSection("Miner").Get<MinerOptions>() ?? new MinerOptions());
builder.Services.AddSingleton<ModelCache>();
builder.Services.AddSingleton<QueryMiner>();
builder.Services.AddSingleton(RefinementSettings.From(builder.Configuration));
builder.Services.AddSingleton<PixelModelCache>();
builder.Services.AddSingleton<IProbabilityMap, PixelModelProbabilityMap>();
builder.Services.AddSingleton<IProbabilityMap, PatchModelProbabilityMap>();
builder.Services.AddSingleton<RefinedMaskWriter>();

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();

/// <summary>The entry point, visible to integration tests (WebApplicationFactory).</summary>
public partial class Program;
