using DefectRefine.Cli.Infrastructure;
using DefectRefine.ServiceDefaults;

namespace DefectRefine.UnitTests.Cli;

/// <summary>Every command finds the local settings the same way: the environment, else what services.sh up saved.</summary>
public sealed class LocalSettingsTests : IDisposable
{
    private const string SavedPostgres = "Host=127.0.0.1;Port=55432;Database=defectrefine;Username=postgres;Password=postgres";
    private readonly string _folder = Directory.CreateTempSubdirectory("dr-settings-").FullName;

    private string Saved
    {
        get
        {
            var file = Path.Combine(_folder, "env.sh");
            File.WriteAllText(file, $"""
                export ConnectionStrings__Postgres='{SavedPostgres}'
                export ConnectionStrings__RabbitMq='amqp://guest:guest@127.0.0.1:55672/'
                export Auth__SigningKey='c2F2ZWQta2V5LXNhdmVkLWtleS1zYXZlZC1rZXktMDE='
                """);
            return file;
        }
    }

    [Fact]
    public void Without_the_environment_every_lookup_finds_what_services_sh_saved()
    {
        var settings = new LocalSettings(Saved, new Dictionary<string, string>());

        Assert.Equal(SavedPostgres, PostgresConnection.Resolve(null, settings));
        Assert.Equal(SavedPostgres, InfrastructureSettings.RequirePostgres(settings.Configuration()));
        Assert.Equal(new Uri("amqp://guest:guest@127.0.0.1:55672/"), InfrastructureSettings.RequireRabbitMq(settings.Configuration()));
        Assert.Equal("c2F2ZWQta2V5LXNhdmVkLWtleS1zYXZlZC1rZXktMDE=", CliCredentials.LocalAuthOptions(settings).SigningKey);
    }

    [Fact]
    public void The_environment_wins_over_the_saved_settings()
    {
        const string other = "Host=db.plant;Port=5432;Database=dr;Username=dr;Password=x";
        var settings = new LocalSettings(Saved, new Dictionary<string, string>
        {
            ["ConnectionStrings__Postgres"] = other,
            ["Auth__SigningKey"] = "ZW52LWtleS1lbnYta2V5LWVudi1rZXktZW52LWtleS0wMQ==",
        });

        Assert.Equal(other, PostgresConnection.Resolve(null, settings));
        Assert.Equal(other, InfrastructureSettings.RequirePostgres(settings.Configuration()));
        Assert.Equal("ZW52LWtleS1lbnYta2V5LWVudi1rZXktZW52LWtleS0wMQ==", CliCredentials.LocalAuthOptions(settings).SigningKey);
        Assert.Equal("given", PostgresConnection.Resolve("given", settings));
    }

    [Fact]
    public void Neither_gives_a_clear_error()
    {
        var settings = new LocalSettings(Path.Combine(_folder, "missing.sh"), new Dictionary<string, string>());

        var error = Assert.Throws<InvalidOperationException>(() => PostgresConnection.Resolve(null, settings));
        Assert.Contains("No PostgreSQL connection", error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => InfrastructureSettings.RequirePostgres(settings.Configuration()));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
