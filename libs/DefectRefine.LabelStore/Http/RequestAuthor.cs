using DefectRefine.Contracts.V1.Labels;
using Microsoft.AspNetCore.Http;

namespace DefectRefine.LabelStore.Http;

/// <summary>
/// Who is acting: the user is the authenticated identity (the token's subject), never a name the client sends; the
/// station is where they sit, from the X-Station header (informational, so a client may say it).
/// </summary>
public static class RequestAuthor
{
    public static LabelAuthor From(HttpContext context, string defaultStation)
    {
        ArgumentNullException.ThrowIfNull(context);
        var user = context.User.Identity is { IsAuthenticated: true, Name: { } name } && Clean(name) is { } cleaned
            ? cleaned
            : throw new InvalidOperationException("A change reached an endpoint without an authenticated user; every changing endpoint must require authorization.");
        var station = Clean(context.Request.Headers["X-Station"].ToString()) ?? defaultStation;
        return new LabelAuthor(station, user);
    }

    private static string? Clean(string? value)
    {
        value = value?.Trim();
        return string.IsNullOrEmpty(value) ? null : value.Length > 100 ? value[..100] : value;
    }
}
