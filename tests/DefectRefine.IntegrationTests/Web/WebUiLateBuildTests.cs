extern alias gateway;

using System.Net;
using DefectRefine.IntegrationTests.Infrastructure;
using DefectRefine.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DefectRefine.IntegrationTests.Web;

/// <summary>
/// The gateway serves a labelling UI that was built after it started: no restart between `npm run build` and the
/// links working. Without any build, /app/ answers 404 with how to build it.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class WebUiLateBuildTests(InfrastructureFixture infrastructure)
{
    [Fact]
    public async Task A_ui_built_after_the_gateway_started_is_served_without_a_restart()
    {
        var webRoot = Directory.CreateTempSubdirectory("dr-webroot-").FullName;
        var schema = infrastructure.CreateSchemaName("webui");
        using (var store = LabelStore.LabelStoreSchema.CreateStore(infrastructure.Postgres, new LabelStore.LabelStoreOptions { Schema = schema }))
            await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        await using var host = new WebApplicationFactory<gateway::Program>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("ConnectionStrings:Postgres", infrastructure.Postgres);
            builder.UseSetting("ConnectionStrings:RabbitMq", infrastructure.RabbitMq.ToString());
            builder.UseSetting("LabelStore:Schema", schema);
            builder.UseSetting("Heartbeat:IntervalSeconds", "3600");
            builder.UseSetting("Auth:SigningKey", LocalTokens.NewSigningKey());
            builder.UseSetting("Gateway:WebRoot", webRoot);
        });
        try
        {
            using var client = host.CreateClient();

            using (var before = await client.GetAsync("/app/"))
            {
                Assert.Equal(HttpStatusCode.NotFound, before.StatusCode);
                Assert.Contains("npm ci && npm run build", await before.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }

            await File.WriteAllTextAsync(Path.Combine(webRoot, "index.html"), "<!doctype html><title>DefectRefine station</title>");
            Directory.CreateDirectory(Path.Combine(webRoot, "assets"));
            await File.WriteAllTextAsync(Path.Combine(webRoot, "assets", "station.js"), "console.log('station');");

            using (var after = await client.GetAsync("/app/?project=1"))
            {
                Assert.Equal(HttpStatusCode.OK, after.StatusCode);
                Assert.Contains("DefectRefine station", await after.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
            Assert.Equal("console.log('station');", await client.GetStringAsync("/app/assets/station.js"));
            using (var missing = await client.GetAsync("/app/assets/none.js"))
            {
                Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
                Assert.DoesNotContain("npm", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
        }
        finally
        {
            Directory.Delete(webRoot, recursive: true);
        }
    }
}
