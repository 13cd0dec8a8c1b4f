using Microsoft.Extensions.FileProviders;

namespace DefectRefine.LabelGateway.Apis;

/// <summary>
/// Serves the built labelling UI (web/dist) under <see cref="Path"/>. Where it lies: <c>Gateway:WebRoot</c>, else the
/// nearest web/dist above the host (a checkout), else wwwroot beside it (a container image). Without a built UI the
/// path answers 404 with how to build it; the hub and the APIs work either way.
/// </summary>
public static class WebUi
{
    public const string Path = "/app";

    public static WebApplication MapWebUi(this WebApplication app)
    {
        var root = Locate(app.Configuration["Gateway:WebRoot"], app.Environment.ContentRootPath);
        if (root is null)
        {
            app.MapGet(Path + "/{**rest}", () => Results.Problem(
                "The labelling UI is not built: run 'npm ci && npm run build' in web/ (or set Gateway:WebRoot).", statusCode: StatusCodes.Status404NotFound));
            return app;
        }
        var files = new PhysicalFileProvider(root);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files, RequestPath = Path });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files, RequestPath = Path });
        return app;
    }

    private static string? Locate(string? configured, string contentRoot)
    {
        if (!string.IsNullOrWhiteSpace(configured))
            return File.Exists(System.IO.Path.Combine(configured, "index.html")) ? System.IO.Path.GetFullPath(configured) : null;
        foreach (var start in new[] { contentRoot, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var dist = System.IO.Path.Combine(dir.FullName, "web", "dist");
                if (File.Exists(System.IO.Path.Combine(dist, "index.html")))
                    return dist;
            }
        }
        var wwwroot = System.IO.Path.Combine(AppContext.BaseDirectory, "wwwroot");
        return File.Exists(System.IO.Path.Combine(wwwroot, "index.html")) ? wwwroot : null;
    }
}
