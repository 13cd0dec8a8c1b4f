using DefectRefine.Ingest.Apis;
using DefectRefine.Ingest.Extensions;
using DefectRefine.ServiceDefaults;
using DefectRefine.ServiceDefaults.Messaging;
using DefectRefine.ServiceDefaults.RateLimiting;
using DefectRefine.ServiceDefaults.Security;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("Ingest");
builder.AddIngestServices();
builder.AddDefectRefineAuth();
builder.AddDefectRefineRateLimits();
builder.AddOutboxRelay();

var app = builder.Build();
app.UseExceptionHandler();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();
app.MapDefaultEndpoints();
app.MapDatasetsApi();
app.MapImagesApi();
app.MapImportsApi();
app.MapExportsApi();
app.Run();

/// <summary>The entry point, visible to integration tests (WebApplicationFactory).</summary>
public partial class Program;
