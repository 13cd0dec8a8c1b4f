using DefectRefine.ServiceDefaults.RateLimiting;
using Microsoft.AspNetCore.SignalR;

namespace DefectRefine.LabelGateway.Stations;

/// <summary>
/// Answers and undos per user and minute (<see cref="RateLimitOptions.AnswersPerMinute"/>): hub calls pass no HTTP
/// middleware, so the limit is taken here. A refused call writes nothing and says when to go on.
/// </summary>
public sealed class AnswerRateLimitFilter(CallerLimiters limiters) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        if (invocationContext.HubMethodName is not (nameof(LabellingHub.Answer) or nameof(LabellingHub.Undo)))
            return await next(invocationContext);
        var user = invocationContext.Context.User?.Identity?.Name ?? invocationContext.Context.ConnectionId;
        using var lease = limiters.Answers.AttemptAcquire(user);
        if (!lease.IsAcquired)
            throw new HubException($"Too many answers from {user} in a minute; nothing was kept. Go on in {Math.Ceiling(RateLimits.RetryAfter(lease).TotalSeconds)} s.");
        return await next(invocationContext);
    }
}
