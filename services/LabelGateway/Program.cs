using DefectRefine.LabelGateway.Apis;
using DefectRefine.LabelGateway.Extensions;
using DefectRefine.LabelGateway.Stations;
using DefectRefine.Security;
using DefectRefine.ServiceDefaults;
using DefectRefine.ServiceDefaults.Messaging;
using DefectRefine.ServiceDefaults.RateLimiting;
using DefectRefine.ServiceDefaults.Security;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("LabelGateway", bus => bus.AddLabelGatewayConsumers());
builder.AddLabelGatewayServices();
builder.AddDefectRefineAuth();
builder.AddDefectRefineRateLimits();
builder.AddOutboxRelay();

var app = builder.Build();
app.UseExceptionHandler();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();
app.MapDefaultEndpoints();
app.MapHistoryApi();
app.MapProjectsApi();
app.MapTrainingRetryApi();
app.MapRefinementProgressApi();
app.MapStatusPage();
app.MapStationImagesApi();
app.MapWebUi();
// A station's connection ends with its token: a revoked or expired labeller cannot keep answering on an open socket.
app.MapHub<LabellingHub>(StationGroups.HubPath, hub => hub.CloseOnAuthenticationExpiration = true).RequireAuthorization(Policies.Read);
app.Run();

/// <summary>The entry point, visible to integration tests (WebApplicationFactory).</summary>
public partial class Program;
