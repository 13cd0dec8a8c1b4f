using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DefectRefine.Contracts.V1.Stations;
using DefectRefine.IntegrationTests.Infrastructure;
using DefectRefine.IntegrationTests.Ingest;
using DefectRefine.Security;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace DefectRefine.IntegrationTests.Access;

/// <summary>
/// What a script could flood is limited per caller and minute, with limits from configuration: uploads and imports
/// per user, sign-ins (tokens that fail, status-page token exchanges) per address, answers per user at the hub. A
/// refused call writes nothing and says when to try again; other callers go on.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class RateLimitTests(InfrastructureFixture infrastructure)
{
    [Fact]
    public async Task Uploads_past_the_limit_are_refused_with_retry_after_and_write_nothing()
    {
        await using var hosts = new ServiceHosts(infrastructure, settings: new Dictionary<string, string> { ["RateLimits:UploadsPerMinute"] = "2" });
        var dataset = await hosts.CreateDatasetAsync("limited");
        var bytes = await File.ReadAllBytesAsync(Path.Combine(DefectRefine.UnitTests.SharedData.NeuSeg, "images", "train", "000001.jpg"));
        async Task<HttpResponseMessage> UploadAsync(HttpClient client, string name)
        {
            using var form = ServiceHosts.UploadForm(bytes, name, ("boxes", "[{\"x\":10,\"y\":10,\"width\":50,\"height\":40}]"));
            return await client.PostAsync($"/api/datasets/{dataset}/images", form);
        }

        Assert.Equal(HttpStatusCode.Created, (await UploadAsync(hosts.Ingest, "1.jpg")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await UploadAsync(hosts.Ingest, "2.jpg")).StatusCode);
        using var third = await UploadAsync(hosts.Ingest, "3.jpg");
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.True(third.Headers.RetryAfter?.Delta > TimeSpan.Zero, "no Retry-After");
        Assert.Contains("nothing was done", (await third.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        using var import = await hosts.Ingest.PostAsJsonAsync($"/api/datasets/{dataset}/imports", new { folder = "anything" });
        Assert.Equal(HttpStatusCode.TooManyRequests, import.StatusCode);

        // The limit is the user's: another admin uploads on.
        using var other = hosts.Client(ServiceHost.Ingest, "admin-bea", Roles.Admin);
        Assert.Equal(HttpStatusCode.Created, (await UploadAsync(other, "4.jpg")).StatusCode);
        var images = await hosts.Ingest.GetFromJsonAsync<JsonElement>($"/api/datasets/{dataset}/images");
        Assert.Equal(["1.jpg", "2.jpg", "4.jpg"], images.EnumerateArray().Select(i => i.GetProperty("fileName").GetString()).Order());
    }

    [Fact]
    public async Task Failed_sign_ins_past_the_limit_are_refused_per_address()
    {
        await using var hosts = new ServiceHosts(infrastructure, settings: new Dictionary<string, string> { ["RateLimits:SignInPerMinute"] = "3" });
        var forged = LocalTokens.Issue(new AuthOptions { SigningKey = LocalTokens.NewSigningKey() }, "ann", [Roles.Admin], TimeSpan.FromHours(1));
        using var guesser = hosts.Client(ServiceHost.Gateway, "unused");
        guesser.DefaultRequestHeaders.Authorization = new("Bearer", forged);
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
            answers.Add((await guesser.GetAsync("/api/projects")).StatusCode);
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], answers);
        // A valid token is no failed sign-in: it goes through.
        Assert.Equal(HttpStatusCode.OK, (await hosts.Gateway.GetAsync("/api/projects")).StatusCode);
    }

    [Fact]
    public async Task Status_page_token_exchanges_past_the_limit_are_refused()
    {
        await using var other = new ServiceHosts(infrastructure, settings: new Dictionary<string, string> { ["RateLimits:SignInPerMinute"] = "2" });
        var token = other.Token("olga", Roles.Auditor);
        using var browser = other.Client(ServiceHost.Gateway, "unused");
        var exchanges = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
            exchanges.Add((await browser.GetAsync($"/status?access_token={Uri.EscapeDataString(token)}")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, exchanges[^1]);
        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, exchanges[..^1]);
    }

    [Fact]
    public async Task Answers_past_the_limit_are_refused_at_the_hub_and_other_calls_go_on()
    {
        await using var hosts = new ServiceHosts(infrastructure, settings: new Dictionary<string, string> { ["RateLimits:AnswersPerMinute"] = "2" });
        var project = await hosts.CreateProjectWithAnImageAsync("answers");
        await using var station = await hosts.ConnectHubAsync(LocalTokens.Issue(hosts.Auth, "lena", [Roles.Labeller], TimeSpan.FromHours(1),
            projectRoles: [ProjectAccess.ClaimValue(project.Id.ToString(), Roles.Labeller)]));
        await station.InvokeAsync<JsonElement>("JoinProject", project.Id, "station-1");
        var answer = new StationAnswer(Guid.NewGuid(), Guid.NewGuid(), true, [], []);

        // Within the limit, each call is decided on its merits (here: refused, no such lease); past it, not even read.
        for (var i = 0; i < 2; i++)
            Assert.False((await station.InvokeAsync<JsonElement>("Answer", answer)).GetProperty("accepted").GetBoolean());
        var refused = await Assert.ThrowsAsync<HubException>(() => station.InvokeAsync<JsonElement>("Undo"));
        Assert.Contains("Too many answers from lena in a minute; nothing was kept", refused.Message, StringComparison.Ordinal);
        // Other calls are not answers: the station still asks for work.
        await station.InvokeAsync<JsonElement>("NextQuery");
    }
}
