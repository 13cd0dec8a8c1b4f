using DefectRefine.LabelGateway.Apis;
using DefectRefine.LabelGateway.Extensions;
using DefectRefine.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("LabelGateway");
builder.AddLabelGatewayServices();

var app = builder.Build();
app.UseExceptionHandler();
app.MapDefaultEndpoints();
app.MapHistoryApi();
app.Run();

/// <summary>The entry point, visible to integration tests (WebApplicationFactory).</summary>
public partial class Program;
