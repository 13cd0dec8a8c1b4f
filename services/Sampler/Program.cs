using DefectRefine.LabelStore;
using DefectRefine.Sampler.Consumers;
using DefectRefine.Sampler.Sampling;
using DefectRefine.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("Sampler", bus =>
{
    bus.AddConsumer<SampleTrainingPatchesConsumer>();
    bus.AddConsumer<SampleMiningPoolConsumer>();
});
builder.AddLabelStore();
builder.Services.AddSingleton<DatasetSampler>();

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();

/// <summary>The entry point, visible to integration tests (WebApplicationFactory).</summary>
public partial class Program;
