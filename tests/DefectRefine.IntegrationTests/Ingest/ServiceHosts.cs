extern alias gateway;
extern alias ingest;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DefectRefine.IntegrationTests.Infrastructure;
using DefectRefine.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;

namespace DefectRefine.IntegrationTests.Ingest;

/// <summary>
/// The real Ingest and LabelGateway hosts, in process, on the real PostgreSQL and RabbitMQ, sharing one fresh
/// label-store schema, a token signing key and an import root in a temporary folder (deleted on dispose). The default
/// clients act as the admin "admin-ann"; <see cref="Client"/> makes others.
/// </summary>
public sealed class ServiceHosts : IAsyncDisposable
{
    private readonly WebApplicationFactory<ingest::Program> _ingest;
    private readonly WebApplicationFactory<gateway::Program> _gateway;

    /// <param name="settings">More configuration for both hosts (e.g. RateLimits:UploadsPerMinute).</param>
    public ServiceHosts(InfrastructureFixture infrastructure, int maxImageSide = 16384, IReadOnlyDictionary<string, string>? settings = null)
    {
        Schema = infrastructure.CreateSchemaName("ingest");
        Auth = new AuthOptions { SigningKey = LocalTokens.NewSigningKey() };
        // As a deployment's schema job does before the services start: two hosts creating one schema at once collide.
        using (var store = LabelStore.LabelStoreSchema.CreateStore(infrastructure.Postgres, new LabelStore.LabelStoreOptions { Schema = Schema }))
            store.Storage.ApplyAllConfiguredChangesToDatabaseAsync().GetAwaiter().GetResult();
        ImportRoot = Directory.CreateTempSubdirectory("dr-import-").FullName;
        void Configure(IWebHostBuilder host)
        {
            host.UseSetting("ConnectionStrings:Postgres", infrastructure.Postgres);
            host.UseSetting("ConnectionStrings:RabbitMq", infrastructure.RabbitMq.ToString());
            host.UseSetting("LabelStore:Schema", Schema);
            host.UseSetting("Ingest:ImportRoot", ImportRoot);
            host.UseSetting("Ingest:MaxImageSide", maxImageSide.ToString(System.Globalization.CultureInfo.InvariantCulture));
            host.UseSetting("Heartbeat:IntervalSeconds", "3600");
            host.UseSetting("Auth:SigningKey", Auth.SigningKey);
            foreach (var (key, value) in settings ?? new Dictionary<string, string>())
                host.UseSetting(key, value);
        }
        _ingest = new WebApplicationFactory<ingest::Program>().WithWebHostBuilder(Configure);
        _gateway = new WebApplicationFactory<gateway::Program>().WithWebHostBuilder(Configure);
        Ingest = Client(ServiceHost.Ingest, "admin-ann", Roles.Admin);
        Gateway = Client(ServiceHost.Gateway, "admin-ann", Roles.Admin);
    }

    public AuthOptions Auth { get; }

    public string Token(string user, params string[] roles) => LocalTokens.Issue(Auth, user, roles, TimeSpan.FromHours(1));

    /// <summary>A client of one host acting as <paramref name="user"/> with <paramref name="roles"/> (none: no token at all).</summary>
    public HttpClient Client(ServiceHost host, string user, params string[] roles)
    {
        var client = host == ServiceHost.Ingest ? _ingest.CreateClient() : _gateway.CreateClient();
        client.DefaultRequestHeaders.Add("X-Station", "station-test");
        if (roles.Length > 0)
            client.DefaultRequestHeaders.Authorization = new("Bearer", Token(user, roles));
        return client;
    }

    /// <summary>The gateway's in-process server, for a SignalR client (WebSockets need its handler).</summary>
    public Microsoft.AspNetCore.TestHost.TestServer GatewayServer => _gateway.Server;

    /// <summary>A SignalR connection to the gateway's labelling hub with <paramref name="token"/> (null: none).</summary>
    public async Task<HubConnection> ConnectHubAsync(string? token)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(GatewayServer.BaseAddress, "/hubs/labelling"), options =>
            {
                // The in-process server speaks no real WebSockets; long polling goes through the same authorization.
                options.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.LongPolling;
                options.HttpMessageHandlerFactory = _ => GatewayServer.CreateHandler();
                if (token is not null)
                    options.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            .Build();
        await connection.StartAsync();
        return connection;
    }

    public string Schema { get; }
    public string ImportRoot { get; }
    public HttpClient Ingest { get; }
    public HttpClient Gateway { get; }

    public IServiceProvider IngestServices => _ingest.Services;
    public IServiceProvider GatewayServices => _gateway.Services;

    /// <summary>The multipart form of an upload to POST /api/datasets/{id}/images: the image file and form fields.</summary>
    public static MultipartFormDataContent UploadForm(byte[] image, string fileName, params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent { { new ByteArrayContent(image), "image", fileName } };
        foreach (var (name, value) in fields)
            form.Add(new StringContent(value), name);
        return form;
    }

    /// <summary>Creates a dataset with a unique name over HTTP and returns its id.</summary>
    public async Task<Guid> CreateDatasetAsync(string prefix = "neu")
    {
        var response = await Ingest.PostAsJsonAsync("/api/datasets", new { name = $"{prefix}-{Guid.NewGuid():N}" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>A dataset of one NEU-Seg image with a box, and a project over it (its training requested, never run here).</summary>
    public async Task<HostedProject> CreateProjectWithAnImageAsync(string prefix)
    {
        var dataset = await CreateDatasetAsync(prefix);
        var bytes = await File.ReadAllBytesAsync(Path.Combine(DefectRefine.UnitTests.SharedData.NeuSeg, "images", "train", "000001.jpg"));
        using var form = UploadForm(bytes, "000001.jpg", ("boxes", "[{\"x\":10,\"y\":10,\"width\":50,\"height\":40}]"));
        using var created = await Ingest.PostAsync($"/api/datasets/{dataset}/images", form);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var image = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var name = $"{prefix}-{Guid.NewGuid():N}";
        var project = await new DefectRefine.Stations.LoopApi(Ingest, Gateway).CreateProjectAsync(name, dataset, new Contracts.V1.Loop.ProjectSettings());
        return new HostedProject(project.ProjectId, name, dataset, image);
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

public sealed record HostedProject(Guid Id, string Name, Guid Dataset, Guid Image);

public enum ServiceHost
{
    Ingest,
    Gateway,
}
