using DefectRefine.LabelStore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace DefectRefine.ServiceDefaults;

public static class LabelStoreRegistration
{
    /// <summary>
    /// The label store as every service uses it: PostgreSQL from ConnectionStrings:Postgres, the LabelStore section,
    /// and schema changes only in Development unless LabelStore:ApplySchemaChanges says otherwise. Elsewhere the
    /// release's `dr schema apply` migrates, and readiness waits for a schema that matches (LabelStoreSchemaCheck).
    /// </summary>
    public static IHostApplicationBuilder AddLabelStore(this IHostApplicationBuilder builder)
    {
        builder.Services.AddLabelStore(InfrastructureSettings.From(builder.Configuration).Postgres, store =>
        {
            store.ApplySchemaChanges = builder.Environment.IsDevelopment();
            builder.Configuration.GetSection("LabelStore").Bind(store);
        });
        return builder;
    }
}
