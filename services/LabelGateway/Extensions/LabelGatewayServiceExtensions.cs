using DefectRefine.LabelStore;
using DefectRefine.LabelStore.Http;
using DefectRefine.ServiceDefaults;

namespace DefectRefine.LabelGateway.Extensions;

public static class LabelGatewayServiceExtensions
{
    public static WebApplicationBuilder AddLabelGatewayServices(this WebApplicationBuilder builder)
    {
        builder.Services.AddLabelStore(InfrastructureSettings.From(builder.Configuration).Postgres,
            store => builder.Configuration.GetSection("LabelStore").Bind(store));
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<LabelStoreExceptionHandler>();
        return builder;
    }
}
