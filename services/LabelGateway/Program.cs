using DefectRefine.LabelGateway.Apis;
using DefectRefine.LabelGateway.Extensions;
using DefectRefine.LabelGateway.Stations;
using DefectRefine.Security;
using DefectRefine.ServiceDefaults;
using DefectRefine.ServiceDefaults.Messaging;
using DefectRefine.ServiceDefaults.Security;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("LabelGateway", bus => bus.AddLabelGatewayConsumers());
builder.AddLabelGatewayServices();
builder.AddDefectRefineAuth();
builder.AddOutboxRelay();

var app = builder.Build();
app.UseExceptionHandler();
app.UseAuthentication();
app.UseAuthorization();
app.MapDefaultEndpoints();
app.MapHistoryApi();
app.MapProjectsApi();
app.MapRefinementProgressApi();
app.MapStatusPage();
app.MapStationImagesApi();
app.MapWebUi();
app.MapHub<LabellingHub>(StationGroups.HubPath).RequireAuthorization(Policies.Label);
app.Run();

/// <summary>The entry point, visible to integration tests (WebApplicationFactory).</summary>
public partial class Program;
