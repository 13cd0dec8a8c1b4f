using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using DefectRefine.Contracts.V1.Loop;
using DefectRefine.LabelGateway.Loop;
using DefectRefine.LabelStore.Loop;
using DefectRefine.Security;

namespace DefectRefine.LabelGateway.Apis;

/// <summary>
/// A plain page per project that refreshes itself: phase, session progress, training, query buffer and models. What an
/// operator looks at while the demo runs; the labelling UI replaces it for experts.
/// </summary>
public static class StatusPage
{
    public static IEndpointRouteBuilder MapStatusPage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/status", async (ProjectLoops loops, HttpContext http, CancellationToken ct) =>
        {
            var rows = new StringBuilder();
            foreach (var loop in await loops.ListAsync(ct))
                rows.Append(CultureInfo.InvariantCulture, $"<tr><td><a href=\"{Html(Link(http, $"/status/{loop.Id}"))}\">{Html(loop.Name)}</a></td><td>{loop.Phase}{(loop.Paused ? " (paused)" : "")}</td><td>{loop.Session}</td><td>{Html(ProgressText.Session(loop.ToStatus()))}</td><td>{Html(loop.ModelVersion ?? "–")}</td></tr>");
            return Page("DefectRefine projects", $"<h1>Projects</h1><table><tr><th>project</th><th>phase</th><th>session</th><th>answers</th><th>model</th></tr>{rows}</table>");
        }).ExcludeFromDescription().RequireAuthorization(Policies.Read);

        app.MapGet("/status/{projectId:guid}", async (Guid projectId, ProjectLoops loops, QueryBuffer buffer, ModelCheckpointStore models, TrainingProgressCache progress, HttpContext http, CancellationToken ct) =>
        {
            var details = await ProjectsApi.DetailsAsync(projectId, loops, buffer, models, progress, ct);
            var s = details.Status;
            var body = new StringBuilder();
            body.Append(CultureInfo.InvariantCulture, $"<h1>{Html(s.Name)}</h1><p><a href=\"{Html(Link(http, "/status"))}\">all projects</a></p><table>");
            Row(body, "phase", $"{s.Phase}{(s.Paused ? " (paused)" : "")}");
            Row(body, "session", $"{s.Session}: {ProgressText.Session(s)} answers");
            Row(body, "answers kept", string.Create(CultureInfo.InvariantCulture, $"{s.AnswersTotal} ({s.AnswersTotal + s.AnswersUndone} recorded − {s.AnswersUndone} undone)"));
            Row(body, "model", $"{s.ModelVersion ?? "none yet"} ({s.TrainingsCompleted} training(s) done, round {s.Round})");
            if (details.Training is { } t)
                Row(body, "training", string.Create(CultureInfo.InvariantCulture, $"{ProgressText.Training(t)}, accuracy {t.Accuracy:P1}, {t.ElapsedSeconds:F0} s"));
            if (details.WaitReason is { } wait)
                Row(body, "stations wait", wait);
            if (s.LastError is { } error)
                Row(body, "last error", error);
            Row(body, "queries", string.Join(", ", details.Queries.Select(q => $"{q.Value} {q.Key.ToString().ToLowerInvariant()}")));
            Row(body, "dataset", s.DatasetId.ToString());
            Row(body, "stations connect to", "/hubs/labelling (SignalR)");
            body.Append("</table><h2>Models</h2><table><tr><th>version</th><th>round</th><th>parent</th><th>stored</th><th>bytes</th></tr>");
            foreach (var m in details.Models)
                body.Append(CultureInfo.InvariantCulture, $"<tr><td>{Html(m.Version)}</td><td>{m.Round}</td><td>{Html(m.ParentVersion ?? "–")}</td><td>{m.CreatedAt:u}</td><td>{m.Bytes:N0}</td></tr>");
            body.Append("</table>");
            return Page($"{s.Name} — DefectRefine", body.ToString());
        }).ExcludeFromDescription().RequireAuthorization(Policies.Read);
        return app;
    }

    /// <summary>A browser that opened the page with ?access_token= keeps it on the links, as it does on the refresh.</summary>
    private static string Link(HttpContext http, string path)
    {
        var token = http.Request.Query["access_token"].ToString();
        return token.Length == 0 ? path : $"{path}?access_token={Uri.EscapeDataString(token)}";
    }

    private static void Row(StringBuilder body, string name, string value) => body.Append(CultureInfo.InvariantCulture, $"<tr><th>{Html(name)}</th><td>{Html(value)}</td></tr>");

    private static string Html(string value) => HtmlEncoder.Default.Encode(value);

    private static IResult Page(string title, string body) => Results.Content(
        $$"""
        <!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="2">
        <title>{{Html(title)}}</title>
        <style>body{font-family:system-ui,sans-serif;margin:2rem;color:#222}table{border-collapse:collapse}td,th{padding:.3rem .8rem;border-bottom:1px solid #ddd;text-align:left}</style>
        </head><body>{{body}}</body></html>
        """, "text/html; charset=utf-8");
}
