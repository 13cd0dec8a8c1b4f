using DefectRefine.Cli.Demo;
using DefectRefine.Contracts.V1.Loop;
using DefectRefine.IntegrationTests.Infrastructure;
using DefectRefine.LabelStore;
using DefectRefine.Masks.Simulation.Steel;
using DefectRefine.Security;
using DefectRefine.ServiceDefaults;
using DefectRefine.Stations;
using Marten;

namespace DefectRefine.IntegrationTests.Loop;

/// <summary>
/// The five services as real processes (two LabelGateway replicas) on the real PostgreSQL and RabbitMQ, with a label
/// store schema, queue names, a token signing key and an import root of their own, and generated steel images ready
/// to import. Its API clients act as an admin; stations connect as labellers named by the test.
/// </summary>
public sealed class LoopFleet : IAsyncDisposable
{
    private readonly ServiceFleet _fleet;
    private readonly HttpClient _ingest;
    private readonly HttpClient _gateway;

    private LoopFleet(ServiceFleet fleet, IReadOnlyList<ServiceSpec> services, string importRoot, string schema, DocumentStore store, LabelStoreOptions options, AuthOptions auth, string postgres)
    {
        _fleet = fleet;
        Postgres = postgres;
        Auth = auth;
        ImportRoot = importRoot;
        Store = store;
        StoreOptions = options;
        Gateways = [.. services.Where(s => s.Name == "LabelGateway").Select(s => s.BaseAddress)];
        Services = services;
        LogDirectory = LogsOf(schema);
        _ingest = new HttpClient { BaseAddress = services.Single(s => s.Name == "Ingest").BaseAddress };
        _gateway = new HttpClient { BaseAddress = Gateways[0] };
        foreach (var client in new[] { _ingest, _gateway })
            client.DefaultRequestHeaders.Authorization = new("Bearer", Token("test-admin", Roles.Admin));
        Api = new LoopApi(_ingest, _gateway);
        Schema = schema;
    }

    public string ImportRoot { get; }
    public string Schema { get; }
    public string Postgres { get; }

    /// <summary>The fleet's token settings (a signing key of its own).</summary>
    public AuthOptions Auth { get; }
    public IReadOnlyList<Uri> Gateways { get; }
    public IReadOnlyList<ServiceSpec> Services { get; }

    /// <summary>Each service's console output, one file per process (Trainer.log, LabelGateway-5350.log, ...).</summary>
    private string LogDirectory { get; }
    public LoopApi Api { get; }
    public HttpClient Gateway => _gateway;
    public DocumentStore Store { get; }
    public LabelStoreOptions StoreOptions { get; }
    public string TruthFolder => Path.Combine(ImportRoot, "steel", SteelSurfaceDatasetWriter.MasksFolder);

    /// <summary>
    /// A token for <paramref name="user"/> holding <paramref name="roles"/> in the token and, as the identity provider's
    /// claims would say, in every project of this fleet's schema so far (a role in the token alone reaches no project).
    /// </summary>
    public string Token(string user, params string[] roles)
    {
        if (roles.All(role => role == Roles.Admin))
            return LocalTokens.Issue(Auth, user, roles, TimeSpan.FromHours(2));
        // Tokens are made where no await fits (the simulation's token factory), and on a connection of its own: a
        // pooled one would outlive a PostgreSQL restart of the fault tests and fail the next query of the fleet's store.
        var projects = new List<Guid>();
        using (var connection = new Npgsql.NpgsqlConnection(new Npgsql.NpgsqlConnectionStringBuilder(Postgres) { Pooling = false }.ConnectionString))
        {
            connection.Open();
            using var select = new Npgsql.NpgsqlCommand($"select id from \"{StoreOptions.Schema}\".mt_doc_projectloop", connection);
            using var reader = select.ExecuteReader();
            while (reader.Read())
                projects.Add(reader.GetGuid(0));
        }
        return LocalTokens.Issue(Auth, user, roles, TimeSpan.FromHours(2),
            projectRoles: [.. projects.SelectMany(project => roles.Select(role => ProjectAccess.ClaimValue(project.ToString(), role)))]);
    }

    /// <summary>A simulated expert that answers from the generated images' true masks.</summary>
    public async Task<SimulatedExpert> ExpertAsync(Guid datasetId, CancellationToken cancellationToken) =>
        new(Stations.TruthFolder.Load(await Api.ImagesAsync(datasetId, cancellationToken), TruthFolder));

    /// <summary>Leases the station's next query (waiting while the buffer fills) and answers it; the answer must be acknowledged.</summary>
    public static async Task<Guid> AnswerNextAsync(StationClient station, SimulatedExpert expert, CancellationToken cancellationToken)
    {
        while (true)
        {
            if ((await station.NextQueryAsync(cancellationToken)).Query is { } query)
            {
                var receipt = await station.AnswerAsync(expert.Answer(query), cancellationToken);
                Assert.True(receipt.Accepted, receipt.Reason);
                return query.QueryId;
            }
            await Task.Delay(250, cancellationToken);
        }
    }

    /// <summary>A station of the labeller <paramref name="user"/> on gateway replica <paramref name="gateway"/>.</summary>
    public Task<StationClient> ConnectStationAsync(int gateway, string station, string user, CancellationToken cancellationToken) =>
        StationClient.ConnectAsync(Gateways[gateway], station, Token(user, Roles.Labeller), cancellationToken);

    /// <summary>A loop small enough for 2 CPU cores: trainings of seconds, short sessions.</summary>
    public static ProjectSettings SmallSettings(int leaseSeconds, int sessionTarget = 12) => SmallLoopSettings.For(sessionTarget, leaseSeconds);

    /// <summary>Generated images imported with their ROIs, a project over them, and its first session ready.</summary>
    public async Task<ProjectStatus> CreateLabellingProjectAsync(ProjectSettings settings, CancellationToken cancellationToken)
    {
        var datasetId = await Api.CreateDatasetAsync("steel-" + Guid.NewGuid().ToString("N")[..8], cancellationToken);
        await Api.ImportGeneratedRoisAsync(datasetId, "steel", cancellationToken);
        var project = await Api.CreateProjectAsync("p-" + Guid.NewGuid().ToString("N")[..8], datasetId, settings, cancellationToken);
        await WaitForLabellingAsync(project.ProjectId, cancellationToken);
        return project;
    }

    public async Task WaitForLabellingAsync(Guid projectId, CancellationToken cancellationToken)
    {
        while ((await Api.ProjectAsync(projectId, cancellationToken)).Phase != LoopPhase.Labelling)
            await Task.Delay(250, cancellationToken);
    }

    /// <param name="trainers">Trainer replicas: a second one (on <paramref name="basePort"/> + 6) takes a round its peer died with.</param>
    public static async Task<LoopFleet> StartAsync(InfrastructureFixture infrastructure, int images, int basePort, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? extraEnvironment = null, int trainers = 1)
    {
        var schema = infrastructure.CreateSchemaName("e2eloop");
        var auth = new AuthOptions { SigningKey = LocalTokens.NewSigningKey() };
        var importRoot = Directory.CreateTempSubdirectory("dr-loop-").FullName;
        SteelSurfaceDatasetWriter.Write(Path.Combine(importRoot, "steel"), new SteelSurfaceOptions { Width = 96, Height = 96, Seed = 7 }, images, writeRoi: true,
            cancellationToken: cancellationToken);
        var services = new List<ServiceSpec>
        {
            new("LabelGateway", basePort), new("LabelGateway", basePort + 1), new("Ingest", basePort + 2),
            new("Sampler", basePort + 3), new("Trainer", basePort + 4), new("Miner", basePort + 5),
        };
        for (var extra = 1; extra < trainers; extra++)
            services.Add(new("Trainer", basePort + 5 + extra));
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__" + InfrastructureSettings.PostgresKey] = infrastructure.Postgres,
            ["ConnectionStrings__" + InfrastructureSettings.RabbitMqKey] = infrastructure.RabbitMq.ToString(),
            ["LabelStore__Schema"] = schema,
            ["Bus__EndpointPrefix"] = "e2e-" + schema[^8..],
            ["Ingest__ImportRoot"] = importRoot,
            ["Auth__SigningKey"] = auth.SigningKey,
            // The pixel learner trains every round beside the paper model: few steps, so a round stays quick on 2 cores.
            ["Trainer__PixelInitialSteps"] = "80",
            ["Trainer__PixelRoundSteps"] = "40",
        };
        foreach (var (key, value) in extraEnvironment ?? new Dictionary<string, string>())
            environment[key] = value;
        var options = new LabelStoreOptions { Schema = schema };
        // The release's schema Job, before the services: outside Development they change no schema.
        await LabelStoreMigration.ApplyAsync(infrastructure.Postgres, options, grantTo: null, cancellationToken);
        var logs = LogsOf(schema);
        await using var heartbeats = await HeartbeatListener.StartAsync(infrastructure.RabbitMq, cancellationToken);
        var fleet = ServiceFleet.Start(services, environment, BuiltServices.RepositoryRoot, BuiltServices.Configuration, logs);
        var report = await fleet.WaitForHealthAsync(heartbeats, TimeSpan.FromMinutes(2), cancellationToken);
        if (report.FirstOrDefault(health => !health.Ready) is { } sick)
        {
            await fleet.DisposeAsync();
            throw new InvalidOperationException($"{sick.Service.Name} on {sick.Service.Port} did not become ready: {sick.Detail} (logs in {logs})");
        }
        return new LoopFleet(fleet, services, importRoot, schema, LabelStoreSchema.CreateStore(infrastructure.Postgres, options), options, auth, infrastructure.Postgres);
    }

    /// <summary>The console output so far of the logs named <paramref name="pattern"/> (e.g. "Trainer.log", "LabelGateway-*.log").</summary>
    public IReadOnlyList<string> ReadLogs(string pattern) =>
        [.. Directory.GetFiles(LogDirectory, pattern).Order(StringComparer.Ordinal).Select(path =>
        {
            // The fleet still writes them.
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(file);
            return reader.ReadToEnd();
        })];

    /// <summary>Kills the named service's process outright (SIGKILL), as a crash would.</summary>
    public Task KillAsync(string service) => _fleet.KillAsync(Services.Single(s => s.Name == service));

    /// <summary>Kills one replica outright (SIGKILL), as a crash or the OOM killer would.</summary>
    public Task KillAsync(ServiceSpec replica) => _fleet.KillAsync(replica);

    /// <summary>Starts a killed service again and waits until it is ready.</summary>
    public Task RestartAsync(string service, CancellationToken cancellationToken)
    {
        var spec = Services.Single(s => s.Name == service);
        _fleet.Restart(spec);
        return _fleet.WaitReadyAsync(spec, cancellationToken);
    }

    private static string LogsOf(string schema) => Path.Combine(Path.GetTempPath(), "dr-loop-logs-" + schema);

    public async ValueTask DisposeAsync()
    {
        _ingest.Dispose();
        _gateway.Dispose();
        await _fleet.DisposeAsync();
        Store.Dispose();
        Directory.Delete(ImportRoot, recursive: true);
    }
}
