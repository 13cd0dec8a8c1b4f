using DefectRefine.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("Trainer");

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
