extern alias gateway;

using System.Net;
using DefectRefine.IntegrationTests.Infrastructure;
using DefectRefine.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DefectRefine.IntegrationTests.Access;

/// <summary>
/// The status page takes a token from ?access_token= once (a browser cannot set a header on a page it navigates to),
/// moves it into an HttpOnly cookie for /status only and sends the browser to the page without it: no link, refresh
/// or later request carries the token in its URL, where proxies and histories keep it.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class StatusPageTokenTests(InfrastructureFixture infrastructure)
{
    [Fact]
    public async Task A_token_in_the_address_moves_into_an_http_only_cookie_and_leaves_every_url()
    {
        var key = LocalTokens.NewSigningKey();
        await using var host = new WebApplicationFactory<gateway::Program>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("ConnectionStrings:Postgres", infrastructure.Postgres);
            builder.UseSetting("ConnectionStrings:RabbitMq", infrastructure.RabbitMq.ToString());
            builder.UseSetting("LabelStore:Schema", infrastructure.CreateSchemaName("statustoken"));
            builder.UseSetting("Heartbeat:IntervalSeconds", "3600");
            builder.UseSetting("Auth:SigningKey", key);
        });
        var token = LocalTokens.Issue(new AuthOptions { SigningKey = key }, "olga", [Roles.Auditor], TimeSpan.FromHours(1));
        using var browser = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

        using var first = await browser.GetAsync($"/status?access_token={Uri.EscapeDataString(token)}");
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal("/status", first.Headers.Location?.OriginalString);
        var cookie = Assert.Single(first.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("dr_status_token=", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/status", cookie, StringComparison.OrdinalIgnoreCase);

        using var page = new HttpRequestMessage(HttpMethod.Get, "/status");
        page.Headers.Add("Cookie", cookie.Split(';')[0]);
        using var second = await browser.SendAsync(page);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var html = await second.Content.ReadAsStringAsync();
        Assert.DoesNotContain("access_token", html, StringComparison.Ordinal);
        Assert.DoesNotContain(token, html, StringComparison.Ordinal);

        // The cookie opens nothing but the status pages.
        using var api = new HttpRequestMessage(HttpMethod.Get, "/api/projects");
        api.Headers.Add("Cookie", cookie.Split(';')[0]);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.SendAsync(api)).StatusCode);
    }
}
