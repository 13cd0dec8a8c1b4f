using System.Globalization;

namespace DefectRefine.LabelStore.Http;

/// <summary>The <c>at</c> query parameter of the audit and export endpoints: an ISO-8601 time, UTC when no offset is given.</summary>
public static class QueryMoment
{
    public static DateTimeOffset? Parse(string? at) =>
        string.IsNullOrWhiteSpace(at) ? null
        : DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var moment) ? moment
        : throw LabelStoreException.Invalid($"'at' must be an ISO-8601 time such as 2026-11-25T10:00:00Z, not '{at}'.");
}
