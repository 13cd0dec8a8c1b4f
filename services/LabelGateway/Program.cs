using DefectRefine.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("LabelGateway");

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
