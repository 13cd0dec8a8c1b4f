extern alias gateway;
extern alias ingest;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DefectRefine.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DefectRefine.IntegrationTests.Ingest;

/// <summary>
/// The real Ingest and LabelGateway hosts, in process, on the real PostgreSQL and RabbitMQ, sharing one fresh
/// label-store schema and an import root in a temporary folder (deleted on dispose).
/// </summary>
public sealed class ServiceHosts : IAsyncDisposable
{
    private readonly WebApplicationFactory<ingest::Program> _ingest;
    private readonly WebApplicationFactory<gateway::Program> _gateway;

    public ServiceHosts(InfrastructureFixture infrastructure, int maxImageSide = 16384)
    {
        Schema = infrastructure.CreateSchemaName("ingest");
        ImportRoot = Directory.CreateTempSubdirectory("dr-import-").FullName;
        void Configure(IWebHostBuilder host)
        {
            host.UseSetting("ConnectionStrings:Postgres", infrastructure.Postgres);
            host.UseSetting("ConnectionStrings:RabbitMq", infrastructure.RabbitMq.ToString());
            host.UseSetting("LabelStore:Schema", Schema);
            host.UseSetting("Ingest:ImportRoot", ImportRoot);
            host.UseSetting("Ingest:MaxImageSide", maxImageSide.ToString(System.Globalization.CultureInfo.InvariantCulture));
            host.UseSetting("Heartbeat:IntervalSeconds", "3600");
        }
        _ingest = new WebApplicationFactory<ingest::Program>().WithWebHostBuilder(Configure);
        _gateway = new WebApplicationFactory<gateway::Program>().WithWebHostBuilder(Configure);
        Ingest = _ingest.CreateClient();
        Gateway = _gateway.CreateClient();
        foreach (var client in new[] { Ingest, Gateway })
        {
            client.DefaultRequestHeaders.Add("X-Station", "station-test");
            client.DefaultRequestHeaders.Add("X-User", "auditor-ann");
        }
    }

    public string Schema { get; }
    public string ImportRoot { get; }
    public HttpClient Ingest { get; }
    public HttpClient Gateway { get; }

    public IServiceProvider IngestServices => _ingest.Services;

    /// <summary>Creates a dataset with a unique name over HTTP and returns its id.</summary>
    public async Task<Guid> CreateDatasetAsync(string prefix = "neu")
    {
        var response = await Ingest.PostAsJsonAsync("/api/datasets", new { name = $"{prefix}-{Guid.NewGuid():N}" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    public async ValueTask DisposeAsync()
    {
        Ingest.Dispose();
        Gateway.Dispose();
        await _ingest.DisposeAsync();
        await _gateway.DisposeAsync();
        Directory.Delete(ImportRoot, recursive: true);
    }
}
