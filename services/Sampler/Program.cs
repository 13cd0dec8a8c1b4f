using DefectRefine.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("Sampler");

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
