using DefectRefine.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("Miner");

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
