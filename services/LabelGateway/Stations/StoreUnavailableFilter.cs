using Microsoft.AspNetCore.SignalR;

namespace DefectRefine.LabelGateway.Stations;

/// <summary>
/// A hub call that fails because PostgreSQL cannot be reached tells the station so, in words it can act on, instead
/// of SignalR's "an unexpected error occurred". Nothing was written by such a call; asking again later is safe.
/// </summary>
public sealed class StoreUnavailableFilter(ILogger<StoreUnavailableFilter> log) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            return await next(invocationContext);
        }
        catch (Exception error) when (LabelStore.StoreUnavailable.Caused(error))
        {
            log.LogWarning("{Method} from connection {Connection} failed: the label store cannot be reached ({Reason}).",
                invocationContext.HubMethodName, invocationContext.Context.ConnectionId, error.Message);
            throw new HubException($"The label store cannot be reached right now; nothing was changed. Try {invocationContext.HubMethodName} again in a moment.");
        }
    }
}
