extern alias gateway;

using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using DefectRefine.Contracts.V1.Loop;
using DefectRefine.Contracts.V1.Stations;
using DefectRefine.IntegrationTests.Infrastructure;
using DefectRefine.IntegrationTests.Ingest;
using DefectRefine.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using LabellingHub = gateway::DefectRefine.LabelGateway.Stations.LabellingHub;

namespace DefectRefine.IntegrationTests.Access;

/// <summary>
/// Each project's data is its members' alone: a member of project A, even its admin, is refused everything of project
/// B on every endpoint and hub method, whether the membership is stored by the project or claimed by the token; the
/// lists show A and not B; a revoked member's station stops at its next call.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class ProjectMembershipTests(InfrastructureFixture infrastructure)
{
    [Fact]
    public async Task A_member_of_one_project_is_refused_everything_of_another()
    {
        await using var hosts = new ServiceHosts(infrastructure);
        var a = await hosts.CreateProjectWithAnImageAsync("a");
        var b = await hosts.CreateProjectWithAnImageAsync("b");
        using (var grant = await hosts.Gateway.PutAsJsonAsync($"/api/projects/{a.Id}/members/mallory", new { role = Roles.Admin }))
            Assert.Equal(HttpStatusCode.OK, grant.StatusCode);

        // mallory is admin of A twice over: stored by the project, and claimed by a token as an identity provider would.
        var stored = hosts.Token("mallory", Roles.Labeller);
        var claimed = LocalTokens.Issue(hosts.Auth, "mallory-sso", [Roles.Labeller], TimeSpan.FromHours(1), projectRoles: [ProjectAccess.ClaimValue(a.Name, Roles.Admin)]);
        var walked = 0;
        foreach (var token in new[] { stored, claimed })
        {
            foreach (var (host, services) in new[] { (ServiceHost.Ingest, hosts.IngestServices), (ServiceHost.Gateway, hosts.GatewayServices) })
            {
                using var client = hosts.Client(host, "unused");
                client.DefaultRequestHeaders.Authorization = new("Bearer", token);
                foreach (var endpoint in services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
                {
                    var pattern = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
                    if (!Regex.IsMatch(pattern, "\\{(projectId|datasetId|imageId)"))
                        continue;
                    var onlyGlobalAdmins = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(d => d.Policy == Policies.ManageMembers);
                    foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                    {
                        using var ofB = await SendAsync(client, method, Concrete(pattern, b));
                        Assert.True(ofB.StatusCode == HttpStatusCode.Forbidden, $"{host} {method} {pattern} of project B answered {(int)ofB.StatusCode} to a member of A");
                        Assert.Contains(onlyGlobalAdmins ? "only a global admin manages members" : "in the project this belongs to",
                            (await ofB.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);

                        // The same call on A passes the access check: the refusal above is about B, not about the call.
                        using var ofA = await SendAsync(client, method, Concrete(pattern, a));
                        Assert.True((ofA.StatusCode == HttpStatusCode.Forbidden) == onlyGlobalAdmins, $"{host} {method} {pattern} of project A answered {(int)ofA.StatusCode} to its admin");
                        walked++;
                    }
                }
            }

            using var gatewayClient = hosts.Client(ServiceHost.Gateway, "unused");
            gatewayClient.DefaultRequestHeaders.Authorization = new("Bearer", token);
            using var ingestClient = hosts.Client(ServiceHost.Ingest, "unused");
            ingestClient.DefaultRequestHeaders.Authorization = new("Bearer", token);
            var projects = await gatewayClient.GetFromJsonAsync<JsonElement>("/api/projects");
            Assert.Equal([a.Id], projects.EnumerateArray().Select(p => p.GetProperty("projectId").GetGuid()));
            var datasets = await ingestClient.GetFromJsonAsync<JsonElement>("/api/datasets");
            Assert.Equal([a.Dataset], datasets.EnumerateArray().Select(d => d.GetProperty("id").GetGuid()));
            var status = await gatewayClient.GetStringAsync("/status");
            Assert.Contains(a.Name, status, StringComparison.Ordinal);
            Assert.DoesNotContain(b.Name, status, StringComparison.Ordinal);
        }
        // Ingest: dataset (2), images (6), imports, export; gateway: projects (6), members (3), refinement, status, images (5), history (4).
        Assert.True(walked >= 2 * 28, $"only {walked} endpoint calls walked");
    }

    [Fact]
    public async Task The_hub_lets_a_member_label_only_their_project_and_stops_them_when_revoked()
    {
        await using var hosts = new ServiceHosts(infrastructure);
        var a = await hosts.CreateProjectWithAnImageAsync("a");
        var b = await hosts.CreateProjectWithAnImageAsync("b");
        using (var grant = await hosts.Gateway.PutAsJsonAsync($"/api/projects/{a.Id}/members/mallory", new { role = Roles.Labeller }))
            Assert.Equal(HttpStatusCode.OK, grant.StatusCode);
        await using var station = await hosts.ConnectHubAsync(hosts.Token("mallory", Roles.Labeller));

        var joinB = await Assert.ThrowsAsync<HubException>(() => station.InvokeAsync<JsonElement>(nameof(LabellingHub.JoinProject), b.Id, "station-1"));
        Assert.Contains("mallory may label", joinB.Message, StringComparison.Ordinal);
        Assert.Equal(a.Id, (await station.InvokeAsync<JsonElement>(nameof(LabellingHub.JoinProject), a.Id, "station-1")).GetProperty("projectId").GetGuid());
        await station.InvokeAsync<JsonElement>(nameof(LabellingHub.NextQuery));

        using (var revoke = await hosts.Gateway.DeleteAsync($"/api/projects/{a.Id}/members/mallory"))
            Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        var calls = new Dictionary<string, Func<Task>>
        {
            [nameof(LabellingHub.NextQuery)] = () => station.InvokeAsync<JsonElement>(nameof(LabellingHub.NextQuery)),
            [nameof(LabellingHub.Answer)] = () => station.InvokeAsync<JsonElement>(nameof(LabellingHub.Answer), new StationAnswer(Guid.NewGuid(), Guid.NewGuid(), true, [], [])),
            [nameof(LabellingHub.Undo)] = () => station.InvokeAsync<JsonElement>(nameof(LabellingHub.Undo)),
            [nameof(LabellingHub.Status)] = () => station.InvokeAsync<JsonElement>(nameof(LabellingHub.Status)),
            [nameof(LabellingHub.JoinProject)] = () => station.InvokeAsync<JsonElement>(nameof(LabellingHub.JoinProject), a.Id, "station-1"),
        };
        // Every method of the hub is walked: a new one must be added here, with its access check.
        var methods = typeof(LabellingHub).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => !m.IsSpecialName && m.Name != nameof(LabellingHub.OnDisconnectedAsync)).Select(m => m.Name);
        Assert.Equal(methods.Order(), calls.Keys.Order());
        foreach (var (name, call) in calls)
        {
            var refused = await Assert.ThrowsAsync<HubException>(call);
            Assert.True(refused.Message.Contains("mallory may label", StringComparison.Ordinal), $"{name} after the revoke: {refused.Message}");
        }
    }

    [Fact]
    public async Task Only_a_global_admin_changes_members_and_each_change_is_in_the_projects_history()
    {
        await using var hosts = new ServiceHosts(infrastructure);
        var a = await hosts.CreateProjectWithAnImageAsync("a");
        using (var grant = await hosts.Gateway.PutAsJsonAsync($"/api/projects/{a.Id}/members/pat", new { role = Roles.Admin }))
            Assert.Equal(HttpStatusCode.OK, grant.StatusCode);
        using var projectAdmin = hosts.Client(ServiceHost.Gateway, "pat", Roles.Labeller);

        Assert.Equal(HttpStatusCode.OK, (await projectAdmin.GetAsync($"/api/projects/{a.Id}/members")).StatusCode);
        using (var self = await projectAdmin.PutAsJsonAsync($"/api/projects/{a.Id}/members/pat-friend", new { role = Roles.Labeller }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, self.StatusCode);
            Assert.Contains("only a global admin manages members", (await self.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        using (var unknownRole = await hosts.Gateway.PutAsJsonAsync($"/api/projects/{a.Id}/members/sam", new { role = "superuser" }))
            Assert.Equal(HttpStatusCode.BadRequest, unknownRole.StatusCode);
        using (var notMember = await hosts.Gateway.DeleteAsync($"/api/projects/{a.Id}/members/sam"))
            Assert.Equal(HttpStatusCode.Conflict, notMember.StatusCode);

        var members = await hosts.Gateway.GetFromJsonAsync<JsonElement>($"/api/projects/{a.Id}/members");
        Assert.Equal([("pat", Roles.Admin)], members.EnumerateArray().Select(m => (m.GetProperty("user").GetString(), m.GetProperty("role").GetString())));
        var history = await hosts.Gateway.GetFromJsonAsync<JsonElement>($"/api/projects/{a.Id}/history");
        var granted = Assert.Single(history.EnumerateArray(), e => e.GetProperty("event").GetString() == nameof(MembershipGranted));
        Assert.Equal("admin-ann", granted.GetProperty("data").GetProperty("by").GetString());
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT")
            request.Content = JsonContent.Create(new { role = Roles.Labeller, reason = "x", folder = "x" });
        return await client.SendAsync(request);
    }

    private static string Concrete(string pattern, HostedProject project) =>
        Regex.Replace(pattern, "\\{([^}:]+)(:[^}]+)?\\}", match => match.Groups[1].Value switch
        {
            "projectId" => project.Id.ToString(),
            "datasetId" => project.Dataset.ToString(),
            "imageId" => project.Image.ToString(),
            "user" => "someone",
            _ when match.Groups[2].Value == ":long" => "1",
            var other => throw new InvalidOperationException($"No value for route parameter {other} in {pattern}"),
        });
}
