using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DefectRefine.IntegrationTests.Infrastructure;
using DefectRefine.IntegrationTests.Ingest;
using DefectRefine.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace DefectRefine.IntegrationTests.Access;

/// <summary>
/// Only the right people in, on the real Ingest and LabelGateway hosts: every endpoint names a policy (or is one of the
/// few deliberately open ones), refuses callers without a valid token, and refuses the wrong role with what it needs;
/// who is recorded is the token's user, whatever the client claims.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class AuthorizationTests(InfrastructureFixture infrastructure)
{
    /// <summary>What anyone may call: probes, the scrape endpoint, the service's name, and the UI's static files.</summary>
    private static readonly string[] OpenEndpoints = ["/health/live", "/health/ready", "/metrics", "/"];

    [Fact]
    public async Task Every_endpoint_requires_a_policy_and_refuses_a_caller_without_a_token()
    {
        await using var hosts = new ServiceHosts(infrastructure);
        var checkedEndpoints = 0;
        foreach (var (host, services) in new[] { (ServiceHost.Ingest, hosts.IngestServices), (ServiceHost.Gateway, hosts.GatewayServices) })
        {
            using var anonymous = hosts.Client(host, "nobody");
            foreach (var endpoint in services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
            {
                var pattern = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
                if (OpenEndpoints.Contains(pattern))
                    continue;
                var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).ToList();
                Assert.True(policies.Count > 0 && policies.All(p => p is not null && Policies.RolesOf.ContainsKey(p)),
                    $"{host} {pattern} names no DefectRefine policy");
                var methods = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
                foreach (var method in methods)
                {
                    using var request = new HttpRequestMessage(new HttpMethod(method), Concrete(pattern));
                    if (method is "POST" or "PUT")
                        request.Content = JsonContent.Create(new { });
                    using var response = await anonymous.SendAsync(request);
                    Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {pattern} without a token answered {(int)response.StatusCode}");
                    Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
                    checkedEndpoints++;
                }
            }
        }
        // Ingest: datasets (3), images (5), imports, export; gateway: history (4), projects (7), status (2), station images (4), the hub's 2.
        Assert.True(checkedEndpoints >= 25, $"only {checkedEndpoints} endpoints checked");
    }

    [Theory]
    [InlineData(ServiceHost.Gateway, "POST", "/api/projects", Roles.Labeller)]
    [InlineData(ServiceHost.Gateway, "POST", "/api/projects/{id}/retrain", Roles.Labeller)]
    [InlineData(ServiceHost.Gateway, "POST", "/api/projects/{id}/training/retry", Roles.Auditor)]
    [InlineData(ServiceHost.Gateway, "POST", "/api/projects/{id}/pause", Roles.Auditor)]
    [InlineData(ServiceHost.Gateway, "GET", "/api/projects/{id}/history", Roles.Labeller)]
    [InlineData(ServiceHost.Gateway, "GET", "/api/images/{id}/history", Roles.Labeller)]
    [InlineData(ServiceHost.Gateway, "GET", "/api/images/{id}/history/mask", Roles.Labeller)]
    [InlineData(ServiceHost.Gateway, "POST", "/api/images/{id}/history/3/revert", Roles.Auditor)]
    [InlineData(ServiceHost.Ingest, "POST", "/api/datasets", Roles.Auditor)]
    [InlineData(ServiceHost.Ingest, "POST", "/api/datasets/{id}/imports", Roles.Labeller)]
    [InlineData(ServiceHost.Ingest, "GET", "/api/datasets/{id}/export", Roles.Labeller)]
    public async Task The_wrong_role_is_refused_with_the_role_it_needs(ServiceHost host, string method, string path, string role)
    {
        await using var hosts = new ServiceHosts(infrastructure);
        using var client = hosts.Client(host, "carol", role);
        using var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{id}", Guid.NewGuid().ToString(), StringComparison.Ordinal));
        if (method == "POST")
            request.Content = JsonContent.Create(new { name = "x", reason = "x", folder = "x", datasetId = Guid.NewGuid() });
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Matches("^carol may not do this: it needs the role (admin|auditor or admin|labeller or admin)( in the project this belongs to)?\\.$", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Each_role_reaches_what_it_may_and_nothing_it_refused_was_written()
    {
        await using var hosts = new ServiceHosts(infrastructure);
        using var labeller = hosts.Client(ServiceHost.Gateway, "lena", Roles.Labeller);
        using var auditor = hosts.Client(ServiceHost.Ingest, "audrey", Roles.Auditor);
        using var auditorAtGateway = hosts.Client(ServiceHost.Gateway, "audrey", Roles.Auditor);

        Assert.Equal(HttpStatusCode.OK, (await labeller.GetAsync("/api/projects")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync("/api/datasets")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await auditor.PostAsJsonAsync("/api/datasets", new { name = "audrey-was-here" })).StatusCode);
        var datasets = await hosts.Ingest.GetFromJsonAsync<JsonElement>("/api/datasets");
        Assert.DoesNotContain(datasets.EnumerateArray(), d => d.GetProperty("name").GetString() == "audrey-was-here");

        // A dataset of no project is a global admin's alone; once refined in a project, its members reach it.
        var unrefined = await hosts.CreateDatasetAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await auditor.GetAsync($"/api/datasets/{unrefined}/export?format=png")).StatusCode);
        var project = await hosts.CreateProjectWithAnImageAsync("audited");
        Assert.Equal(HttpStatusCode.Forbidden, (await auditor.GetAsync($"/api/datasets/{project.Dataset}/export?format=png")).StatusCode);
        using (var grant = await hosts.Gateway.PutAsJsonAsync($"/api/projects/{project.Id}/members/audrey", new { role = Roles.Auditor }))
            Assert.Equal(HttpStatusCode.OK, grant.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync($"/api/datasets/{project.Dataset}/export?format=png")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await auditorAtGateway.GetAsync("/status")).StatusCode);
    }

    [Fact]
    public async Task Expired_foreign_and_forged_tokens_are_refused_with_the_reason()
    {
        await using var hosts = new ServiceHosts(infrastructure);
        var expired = LocalTokens.Issue(hosts.Auth, "ann", [Roles.Admin], TimeSpan.FromMinutes(5), DateTimeOffset.UtcNow.AddHours(-1));
        var foreignIssuer = LocalTokens.Issue(new AuthOptions { SigningKey = hosts.Auth.SigningKey, Issuer = "someone-else" }, "ann", [Roles.Admin], TimeSpan.FromHours(1));
        var otherAudience = LocalTokens.Issue(new AuthOptions { SigningKey = hosts.Auth.SigningKey, Audience = "another-app" }, "ann", [Roles.Admin], TimeSpan.FromHours(1));
        var forged = LocalTokens.Issue(new AuthOptions { SigningKey = LocalTokens.NewSigningKey() }, "ann", [Roles.Admin], TimeSpan.FromHours(1));
        var unsigned = string.Join('.', forged.Split('.')[..2]) + ".";
        foreach (var (token, reason) in new[]
        {
            (expired, "expired"), (foreignIssuer, "issuer"), (otherAudience, "audience"), (forged, "signature"), (unsigned, "signature"), ("garbage", "not valid"),
        })
        {
            using var client = hosts.Client(ServiceHost.Gateway, "ann");
            client.DefaultRequestHeaders.Authorization = new("Bearer", token);
            using var response = await client.GetAsync("/api/projects");
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Contains(reason, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_recorded_user_is_the_tokens_not_the_one_the_client_names()
    {
        await using var hosts = new ServiceHosts(infrastructure);
        using var client = hosts.Client(ServiceHost.Ingest, "admin-zoe", Roles.Admin);
        client.DefaultRequestHeaders.Add("X-User", "mallory");
        var created = await client.PostAsJsonAsync("/api/datasets", new { name = "who-" + Guid.NewGuid().ToString("N") });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("admin-zoe", (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("createdBy").GetString());
    }

    [Fact]
    public async Task Only_labellers_and_admins_of_a_project_label_it_at_the_hub()
    {
        await using var hosts = new ServiceHosts(infrastructure);
        Task<HubConnection> ConnectAsync(string? token) => hosts.ConnectHubAsync(token);

        var anonymous = await Assert.ThrowsAsync<HttpRequestException>(() => ConnectAsync(null));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        // Anyone signed in connects; labelling needs the labeller or admin role in the project (ProjectMembershipTests).
        var project = await hosts.CreateProjectWithAnImageAsync("hub");
        using (var grant = await hosts.Gateway.PutAsJsonAsync($"/api/projects/{project.Id}/members/audrey", new { role = Roles.Auditor }))
            Assert.Equal(HttpStatusCode.OK, grant.StatusCode);
        await using var auditor = await ConnectAsync(hosts.Token("audrey", Roles.Auditor));
        var auditing = await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() => auditor.InvokeAsync<object>("JoinProject", project.Id, "station-1"));
        Assert.Contains("needs the role labeller or admin in the project", auditing.Message, StringComparison.Ordinal);

        await using var labeller = await ConnectAsync(hosts.Token("lena", Roles.Labeller));
        var unknown = await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() => labeller.InvokeAsync<object>("JoinProject", Guid.NewGuid(), "station-1"));
        Assert.Contains("There is no project", unknown.Message, StringComparison.Ordinal);
    }

    /// <summary>A request path for a route pattern, with made-up values for its parameters.</summary>
    private static string Concrete(string pattern) =>
        System.Text.RegularExpressions.Regex.Replace(pattern, "\\{([^}:]+)(:[^}]+)?\\}", match => match.Groups[2].Value switch
        {
            ":long" => "1",
            _ => Guid.NewGuid().ToString(),
        });
}
