using DefectRefine.Contracts.V1.Labels;
using Microsoft.AspNetCore.Http;

namespace DefectRefine.LabelStore.Http;

/// <summary>
/// Who is acting, from the X-Station and X-User headers (the authenticated identity replaces X-User once the gateway
/// authenticates stations); anonymous requests are recorded as such rather than refused, so nothing goes unattributed.
/// </summary>
public static class RequestAuthor
{
    public static LabelAuthor From(HttpContext context, string defaultStation)
    {
        var station = Clean(context.Request.Headers["X-Station"].ToString()) ?? defaultStation;
        var user = Clean(context.User.Identity?.IsAuthenticated == true ? context.User.Identity.Name : null)
            ?? Clean(context.Request.Headers["X-User"].ToString()) ?? "anonymous";
        return new LabelAuthor(station, user);
    }

    private static string? Clean(string? value)
    {
        value = value?.Trim();
        return string.IsNullOrEmpty(value) ? null : value.Length > 100 ? value[..100] : value;
    }
}
