using DefectRefine.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("Ingest");

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
