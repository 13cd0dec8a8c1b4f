using DefectRefine.LabelStore;
using DefectRefine.LabelStore.Http;
using DefectRefine.ServiceDefaults;
using Microsoft.AspNetCore.Http.Features;

namespace DefectRefine.Ingest.Extensions;

public static class IngestServiceExtensions
{
    public static WebApplicationBuilder AddIngestServices(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("Ingest").Get<IngestOptions>() ?? new IngestOptions();
        builder.Services.AddSingleton(options);
        builder.AddLabelStore();
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<LabelStoreExceptionHandler>();
        // An upload carries an image and perhaps its mask, each within the image byte limit.
        var maxBody = (2 * options.MaxImageBytes) + (1024 * 1024);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = maxBody);
        builder.Services.Configure<FormOptions>(form => form.MultipartBodyLengthLimit = maxBody);
        builder.Services.AddSingleton<Importing.FolderImporter>();
        return builder;
    }
}
