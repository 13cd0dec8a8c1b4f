using DefectRefine.LabelStore;
using DefectRefine.ServiceDefaults;
using DefectRefine.Trainer.Consumers;
using DefectRefine.Trainer.Training;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("Trainer", bus => bus.AddConsumer<TrainingPatchesSampledConsumer>(typeof(TrainingPatchesSampledConsumerDefinition)));
builder.AddLabelStore();
builder.Services.AddSingleton(builder.Configuration.GetSection("Trainer").Get<TrainerOptions>() ?? new TrainerOptions());
builder.Services.AddSingleton(RefinementSettings.From(builder.Configuration));
builder.Services.AddSingleton<PixelRoundTrainer>();
builder.Services.AddSingleton<ProjectTrainer>();

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();

/// <summary>The entry point, visible to integration tests (WebApplicationFactory).</summary>
public partial class Program;
