using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using DefectRefine.Contracts.V1.Loop;
using DefectRefine.LabelGateway.Loop;
using DefectRefine.LabelStore;
using DefectRefine.LabelStore.Loop;
using DefectRefine.Security;
using DefectRefine.ServiceDefaults.RateLimiting;
using DefectRefine.ServiceDefaults.Security;

namespace DefectRefine.LabelGateway.Apis;

/// <summary>
/// A plain page per project that refreshes itself: phase, session progress, training, query buffer, models, and how far
/// the labels have moved (<see cref="RefinementProgressApi"/>). What an operator looks at while the demo runs; the
/// labelling UI replaces it for experts.
/// </summary>
public static class StatusPage
{
    public static IEndpointRouteBuilder MapStatusPage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/status", async (ProjectLoops loops, AuthOptions auth, HttpContext http, CancellationToken ct) =>
        {
            var rows = new StringBuilder();
            foreach (var loop in (await loops.ListAsync(ct)).VisibleTo(http.User, auth))
                rows.Append(CultureInfo.InvariantCulture, $"<tr><td><a href=\"{Html(Link(http, $"/status/{loop.Id}"))}\">{Html(loop.Name)}</a></td><td>{loop.Phase}{(loop.Phase == LoopPhase.Training && loop.LastError is not null ? " (failed)" : "")}{(loop.Paused ? " (paused)" : "")}</td><td>{loop.Session}</td><td>{Html(ProgressText.Session(loop.ToStatus()))}</td><td>{Html(loop.ModelVersion ?? "–")}</td></tr>");
            return Page("DefectRefine projects", $"<h1>Projects</h1><table><tr><th>project</th><th>phase</th><th>session</th><th>answers</th><th>model</th></tr>{rows}</table>");
        }).ExcludeFromDescription().RequireAuthorization(Policies.Read).AddEndpointFilter(TokenToCookie);

        app.MapGet("/status/{projectId:guid}", async (Guid projectId, ProjectLoops loops, QueryBuffer buffer, ModelCheckpointStore models, TrainingProgressCache progress,
            LabelMovementTracker tracker, ImageCatalog catalog, IConfiguration configuration, HttpContext http, CancellationToken ct) =>
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
            if (s.Phase == LoopPhase.Training && s.LastError is { } failed)
                Row(body, "training failed", $"{failed} An admin retries it with POST /api/projects/{s.ProjectId}/training/retry.");
            else if (s.LastError is { } error)
                Row(body, "last error", error);
            if (s.FailedTrainingAttempts > 0)
                Row(body, "failed training attempts", $"{s.FailedTrainingAttempts} of round {s.Round}");
            Row(body, "refined masks", (await catalog.RefinedLayerAsync(s.DatasetId, ct)).Describe());
            Row(body, "queries", string.Join(", ", details.Queries.Select(q => $"{q.Value} {q.Key.ToString().ToLowerInvariant()}")));
            Row(body, "dataset", s.DatasetId.ToString());
            Row(body, "stations connect to", "/hubs/labelling (SignalR)");
            body.Append("</table><h2>Models</h2><table><tr><th>version</th><th>round</th><th>parent</th><th>stored</th><th>bytes</th></tr>");
            foreach (var m in details.Models)
                body.Append(CultureInfo.InvariantCulture, $"<tr><td>{Html(m.Version)}</td><td>{m.Round}</td><td>{Html(m.ParentVersion ?? "–")}</td><td>{m.CreatedAt:u}</td><td>{m.Bytes:N0}</td></tr>");
            body.Append("</table>");
            Refinement(body, await RefinementProgressApi.ReadAsync(projectId, loops, tracker, catalog, EvaluationTruth.From(configuration), ct));
            return Page($"{s.Name} — DefectRefine", body.ToString());
        }).ExcludeFromDescription().RequireAuthorization(Policies.Read).AddEndpointFilter(TokenToCookie);
        return app;
    }

    /// <summary>How far the labels moved: totals, the F1 plot when a truth is known, and one row per image.</summary>
    private static void Refinement(StringBuilder body, RefinementProgress r)
    {
        var e = r.Experts;
        body.Append("<h2 id=\"refinement\">Refinement: how far the labels have moved</h2><table class=\"refinement\">");
        Row(body, "images changed", $"{r.ImagesChanged} of {r.Images}");
        Row(body, "pixels now labelled differently from the initial labels", Count(r.PixelsChanged));
        Row(body, "by experts", string.Create(CultureInfo.InvariantCulture,
            $"{e.Changes} change(s) to masks, {e.Undone} undone; {Count(e.PixelsFlipped)} pixel flips, {Count(e.PixelsUndone)} flipped back by undo, {Count(e.PixelsKept)} kept"));
        Row(body, "by the model's refined masks", r.Model is { } m
            ? string.Create(CultureInfo.InvariantCulture, $"{m.Changes} change(s), {m.Undone} undone; {Count(m.PixelsKept)} pixel flips kept")
            : r.ModelNote ?? "");
        if (r.Truth is { } t)
        {
            Row(body, "changed pixels against the truth", string.Create(CultureInfo.InvariantCulture,
                $"{Count(t.ChangedAgreeing)} now agree with the truth, {Count(t.ChangedDisagreeing)} do not"));
            Row(body, "pixel F1 against the truth", string.Create(CultureInfo.InvariantCulture,
                $"{F1(t.Initial.F1)} with the initial labels → {F1(t.Now.F1)} now{Change(t.Initial.F1, t.Now.F1)} (precision {F1(t.Now.Precision)}, recall {F1(t.Now.Recall)}; {t.ImagesWithTruth} image(s) with a true mask)"));
        }
        body.Append("</table>");
        if (r.TruthNote is { } note)
            body.Append(CultureInfo.InvariantCulture, $"<p class=\"note\">{Html(note)}</p>");
        if (r.Truth is { } truth)
            body.Append(CultureInfo.InvariantCulture, $"<figure>{RefinementSvg.Plot(truth.Series)}<figcaption>Pixel F1 of all current masks against the evaluation truth: at the initial labels, after each answer (red: an undo), dashed: a new session.</figcaption></figure>");

        body.Append("<h3>Per image</h3><table class=\"per-image\"><tr><th>image</th><th>version</th><th>expert changes</th><th>undone</th><th>pixels changed</th><th>defect pixels: initial → now</th>");
        if (r.Truth is not null)
            body.Append("<th>changed pixels that agree with the truth</th><th>F1: initial → now</th><th>F1 over its versions (0..1)</th>");
        body.Append("</tr>");
        foreach (var i in r.PerImage)
        {
            body.Append(CultureInfo.InvariantCulture, $"<tr{(i.PixelsChanged > 0 ? " class=\"moved\"" : "")}><td>{Html(i.FileName)}</td><td>{i.Version}</td><td>{i.Experts.Changes}</td><td>{i.Experts.Undone}</td><td>{Count(i.PixelsChanged)}</td><td>{Count(i.DefectPixelsInitial)} → {Count(i.DefectPixelsNow)}</td>");
            if (r.Truth is not null)
                body.Append(CultureInfo.InvariantCulture, $"<td>{(i.ChangedAgreeing is { } agree ? $"{Count(agree)} of {Count(i.PixelsChanged)}" : "–")}</td><td>{F1(i.F1Initial)} → {F1(i.F1Now)}{Delta(i.F1Initial, i.F1Now)}</td><td>{RefinementSvg.Sparkline(i.F1Series)}</td>");
            body.Append("</tr>");
        }
        body.Append("</table>");
    }

    /// <summary>The change of F1 in words; a tiny one keeps its digits rather than reading as no change.</summary>
    private static string Change(double? from, double? to) => from is { } a && to is { } b && b != a
        ? ", " + (b - a).ToString(Math.Abs(b - a) >= 0.0005 ? "+0.000;-0.000" : "+0.00000;-0.00000", CultureInfo.InvariantCulture)
        : ", unchanged";

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>"–" where F1 is undefined: neither the mask nor the truth has a defect pixel.</summary>
    private static string F1(double? value) => value is { } v ? v.ToString("F3", CultureInfo.InvariantCulture) : "–";

    private static string Delta(double? from, double? to) => from is { } a && to is { } b && Math.Abs(b - a) >= 0.0005
        ? string.Create(CultureInfo.InvariantCulture, $" <span class=\"{(b > a ? "up" : "down")}\">({b - a:+0.000;-0.000})</span>")
        : "";

    /// <summary>Links carry no token: the browser holds it in the status cookie (<see cref="TokenToCookie"/>).</summary>
    private static string Link(HttpContext http, string path) => path;

    /// <summary>
    /// A browser opens the page once with ?access_token= (it cannot set a header on a page it navigates to). The token
    /// then moves into an HttpOnly cookie for /status only, and the browser is sent to the same page without it, so
    /// the token is not repeated in every refresh and link, where proxies and histories would keep it.
    /// </summary>
    private static async ValueTask<object?> TokenToCookie(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var token = http.Request.Query["access_token"].ToString();
        if (token.Length == 0)
            return await next(context);
        // A sign-in: counted per address with the failed ones, so a script cannot trade tokens for cookies at will.
        using var lease = http.RequestServices.GetRequiredService<CallerLimiters>().SignIns.AttemptAcquire(RateLimits.Address(http));
        if (!lease.IsAcquired)
        {
            await RateLimits.WriteTooManyAsync(http, lease, http.RequestAborted);
            return Results.Empty;
        }
        http.Response.Cookies.Append(AuthenticationExtensions.StatusTokenCookie, token, new CookieOptions
        {
            HttpOnly = true,
            Secure = http.Request.IsHttps,
            SameSite = SameSiteMode.Strict,
            Path = "/status",
            IsEssential = true,
        });
        http.Response.Headers.CacheControl = "no-store";
        return Results.Redirect(http.Request.Path.Value ?? "/status");
    }

    private static void Row(StringBuilder body, string name, string value) => body.Append(CultureInfo.InvariantCulture, $"<tr><th>{Html(name)}</th><td>{Html(value)}</td></tr>");

    private static string Html(string value) => HtmlEncoder.Default.Encode(value);

    private static IResult Page(string title, string body) => Results.Content(
        $$"""
        <!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="2">
        <title>{{Html(title)}}</title>
        <style>body{font-family:system-ui,sans-serif;margin:2rem;color:#222}table{border-collapse:collapse}td,th{padding:.3rem .8rem;border-bottom:1px solid #ddd;text-align:left}.per-image td,.per-image th{padding:.15rem .6rem;font-size:.9rem}.per-image td:first-child{white-space:nowrap}tr.moved td:first-child{font-weight:600}.up{color:#2e7d32}.down{color:#c62828}.note{color:#555}figure{margin:1rem 0}figcaption{color:#555;font-size:.85rem}</style>
        </head><body>{{body}}</body></html>
        """, "text/html; charset=utf-8");
}
