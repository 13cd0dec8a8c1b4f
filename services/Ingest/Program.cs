using DefectRefine.Ingest.Apis;
using DefectRefine.Ingest.Extensions;
using DefectRefine.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("Ingest");
builder.AddIngestServices();

var app = builder.Build();
app.UseExceptionHandler();
app.MapDefaultEndpoints();
app.MapDatasetsApi();
app.MapImagesApi();
app.MapImportsApi();
app.MapExportsApi();
app.Run();

/// <summary>The entry point, visible to integration tests (WebApplicationFactory).</summary>
public partial class Program;
