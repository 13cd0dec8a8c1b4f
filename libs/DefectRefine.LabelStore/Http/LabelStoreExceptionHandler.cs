using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace DefectRefine.LabelStore.Http;

/// <summary>Turns refusals of the label store into problem responses: 404, 400 or 409 with the reason, never a 500.</summary>
public sealed class LabelStoreExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail) = exception switch
        {
            LabelStoreException { Failure: LabelStoreFailure.NotFound } e => (StatusCodes.Status404NotFound, "Not found", e.Message),
            LabelStoreException { Failure: LabelStoreFailure.Conflict } e => (StatusCodes.Status409Conflict, "Conflict", e.Message),
            LabelStoreException e => (StatusCodes.Status400BadRequest, "Invalid request", e.Message),
            BadHttpRequestException e => (e.StatusCode, "Bad request", e.Message),
            _ => (0, "", ""),
        };
        if (status == 0)
            return false;
        context.Response.StatusCode = status;
        var problem = new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        };
        if (exception is LabelStoreException { Problems.Count: > 0 } refused)
            problem.ProblemDetails.Extensions["problems"] = refused.Problems;
        return await problems.TryWriteAsync(problem);
    }
}
