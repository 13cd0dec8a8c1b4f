using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Primitives;

namespace DefectRefine.LabelGateway.Apis;

/// <summary>
/// Serves the built labelling UI (web/dist) under <see cref="Path"/>. Where it lies: <c>Gateway:WebRoot</c>, else the
/// nearest web/dist above the host (a checkout), else wwwroot beside it (a container image). The place is looked up
/// again while no build is found there, so a UI built after the gateway started is served without a restart. Without
/// any build the path answers 404 with how to build it; the hub and the APIs work either way.
/// </summary>
public static class WebUi
{
    public const string Path = "/app";

    public const string NotBuilt = "The labelling UI is not built: run 'npm ci && npm run build' in web/ (./scripts/demo.sh does it for you), or set Gateway:WebRoot.";

    public static WebApplication MapWebUi(this WebApplication app)
    {
        var files = new BuiltUiFiles(app.Configuration["Gateway:WebRoot"], app.Environment.ContentRootPath);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files, RequestPath = Path });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files, RequestPath = Path });
        // A middleware, not an endpoint: a matched endpoint would make the static files step above pass every request by.
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments(Path) && files.Root is null)
                await Results.Problem(NotBuilt, statusCode: StatusCodes.Status404NotFound).ExecuteAsync(context);
            else
                await next(context);
        });
        return app;
    }

    /// <summary>
    /// The files of the build, wherever it is now: the folder is found on first use and again whenever its index.html
    /// is gone (not built yet, or being rebuilt), so that a later <c>npm run build</c> takes effect at once.
    /// </summary>
    private sealed class BuiltUiFiles(string? configured, string contentRoot) : IFileProvider
    {
        private volatile PhysicalFileProvider? _current;

        public string? Root => Current()?.Root;

        public IFileInfo GetFileInfo(string subpath) => Current()?.GetFileInfo(subpath) ?? new NotFoundFileInfo(subpath);

        public IDirectoryContents GetDirectoryContents(string subpath) => Current()?.GetDirectoryContents(subpath) ?? NotFoundDirectoryContents.Singleton;

        public IChangeToken Watch(string filter) => NullChangeToken.Singleton;

        private PhysicalFileProvider? Current()
        {
            var current = _current;
            if (current is not null && File.Exists(System.IO.Path.Combine(current.Root, "index.html")))
                return current;
            var root = Locate(configured, contentRoot);
            if (root is null)
                return null;
            if (current is null || current.Root != EnsureTrailingSeparator(root))
                _current = current = new PhysicalFileProvider(root);
            return current;
        }

        private static string EnsureTrailingSeparator(string path) =>
            path.EndsWith(System.IO.Path.DirectorySeparatorChar) ? path : path + System.IO.Path.DirectorySeparatorChar;
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
