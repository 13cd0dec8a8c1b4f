using DefectRefine.LabelGateway.Apis;
using DefectRefine.LabelGateway.Extensions;
using DefectRefine.LabelGateway.Stations;
using DefectRefine.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("LabelGateway", bus => bus.AddLabelGatewayConsumers());
builder.AddLabelGatewayServices();

var app = builder.Build();
app.UseExceptionHandler();
app.MapDefaultEndpoints();
app.MapHistoryApi();
app.MapProjectsApi();
app.MapStatusPage();
app.MapStationImagesApi();
app.MapWebUi();
app.MapHub<LabellingHub>(StationGroups.HubPath);
app.Run();

/// <summary>The entry point, visible to integration tests (WebApplicationFactory).</summary>
public partial class Program;
