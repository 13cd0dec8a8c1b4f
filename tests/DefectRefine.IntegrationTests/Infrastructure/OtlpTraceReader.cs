namespace DefectRefine.IntegrationTests.Infrastructure;

/// <summary>
/// Reads the few fields a test needs from an OTLP ExportTraceServiceRequest (protobuf wire format, read by hand since
/// no OTLP proto package is served here): per resource its service.name, per span its trace id, name and scope.
/// Field numbers are those of opentelemetry/proto/trace/v1/trace.proto and common/v1/common.proto.
/// </summary>
public static class OtlpTraceReader
{
    public static IEnumerable<OtlpSpan> Read(byte[] request)
    {
        var spans = new List<OtlpSpan>();
        foreach (var (field, resourceSpans) in Fields(request))
        {
            if (field != 1)
                continue;
            var service = "";
            var found = new List<(string TraceId, string Name, string Scope)>();
            foreach (var (part, value) in Fields(resourceSpans))
            {
                if (part == 1)
                    service = ServiceName(value) ?? service;
                else if (part == 2)
                    found.AddRange(ScopeSpans(value));
            }
            spans.AddRange(found.Select(s => new OtlpSpan(service, s.TraceId, s.Name, s.Scope)));
        }
        return spans;
    }

    private static string? ServiceName(ReadOnlyMemory<byte> resource)
    {
        foreach (var (field, keyValue) in Fields(resource))
        {
            if (field != 1)
                continue;
            string? key = null, text = null;
            foreach (var (part, value) in Fields(keyValue))
            {
                if (part == 1)
                    key = Text(value);
                else if (part == 2)
                    text = Fields(value).Where(f => f.Field == 1).Select(f => Text(f.Value)).FirstOrDefault();
            }
            if (key == "service.name")
                return text;
        }
        return null;
    }

    private static IEnumerable<(string TraceId, string Name, string Scope)> ScopeSpans(ReadOnlyMemory<byte> scopeSpans)
    {
        var scope = "";
        var spans = new List<(string, string)>();
        foreach (var (field, value) in Fields(scopeSpans))
        {
            if (field == 1)
                scope = Fields(value).Where(f => f.Field == 1).Select(f => Text(f.Value)).FirstOrDefault() ?? "";
            else if (field == 2)
            {
                string traceId = "", name = "";
                foreach (var (part, content) in Fields(value))
                {
                    if (part == 1)
                        traceId = Convert.ToHexStringLower(content.Span);
                    else if (part == 5)
                        name = Text(content);
                }
                spans.Add((traceId, name));
            }
        }
        return spans.Select(s => (s.Item1, s.Item2, scope));
    }

    private static string Text(ReadOnlyMemory<byte> value) => System.Text.Encoding.UTF8.GetString(value.Span);

    /// <summary>The length-delimited fields of a message (the only kind these readers descend into); others are skipped.</summary>
    private static List<(int Field, ReadOnlyMemory<byte> Value)> Fields(ReadOnlyMemory<byte> message)
    {
        var fields = new List<(int, ReadOnlyMemory<byte>)>();
        var span = message.Span;
        var position = 0;
        while (position < span.Length)
        {
            var tag = Varint(span, ref position);
            var field = (int)(tag >> 3);
            switch (tag & 7)
            {
                case 0:
                    Varint(span, ref position);
                    break;
                case 1:
                    position += 8;
                    break;
                case 2:
                    var length = (int)Varint(span, ref position);
                    fields.Add((field, message.Slice(position, length)));
                    position += length;
                    break;
                case 5:
                    position += 4;
                    break;
                default:
                    throw new InvalidDataException($"Unsupported protobuf wire type {tag & 7} at byte {position}.");
            }
        }
        return fields;
    }

    private static ulong Varint(ReadOnlySpan<byte> span, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = span[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
                return value;
        }
    }
}
