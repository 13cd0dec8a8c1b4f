using DefectRefine.IntegrationTests.Infrastructure;
using DefectRefine.IntegrationTests.Loop;
using DefectRefine.Security;
using DefectRefine.Stations;
using Microsoft.AspNetCore.SignalR.Client;

namespace DefectRefine.IntegrationTests.Access;

/// <summary>
/// A station acts as the person in its token: an answer belongs to that person, not to the station name a client
/// chose (two labellers who keep the UI's default station name cannot undo each other's answers, OWASP ASVS 4.2.1),
/// and the connection ends when the token does.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class StationAccessTests(InfrastructureFixture infrastructure)
{
    [Fact]
    public async Task Two_labellers_sharing_a_station_name_cannot_undo_each_others_answers()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        var ct = timeout.Token;
        await using var fleet = await LoopFleet.StartAsync(infrastructure, images: 12, basePort: 5440, ct);
        var project = await fleet.CreateLabellingProjectAsync(LoopFleet.SmallSettings(leaseSeconds: 120), ct);
        var expert = await fleet.ExpertAsync(project.DatasetId, ct);
        await using var ann = await fleet.ConnectStationAsync(0, "station-1", "ann", ct);
        await using var bob = await fleet.ConnectStationAsync(0, "station-1", "bob", ct);
        await ann.JoinAsync(project.ProjectId, ct);
        await bob.JoinAsync(project.ProjectId, ct);

        var answered = await LoopFleet.AnswerNextAsync(ann, expert, ct);

        var refused = await bob.UndoAsync(ct);
        Assert.False(refused.Undone, "bob undid ann's answer because they share a station name");
        var undone = await ann.UndoAsync(ct);
        Assert.True(undone.Undone, undone.Reason);
        Assert.Equal(answered, undone.QueryId);
    }

    [Fact]
    public async Task A_hub_connection_closes_when_its_token_expires()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var ct = timeout.Token;
        await using var fleet = await LoopFleet.StartAsync(infrastructure, images: 4, basePort: 5450, ct);
        await using var brief = await StationClient.ConnectAsync(fleet.Gateways[0], "station-1",
            LocalTokens.Issue(fleet.Auth, "ann", [Roles.Labeller], TimeSpan.FromSeconds(5)), ct);
        await using var shift = await fleet.ConnectStationAsync(0, "station-2", "bob", ct);
        Assert.Equal(HubConnectionState.Connected, brief.State);

        for (var waited = 0; waited < 60 && brief.State != HubConnectionState.Disconnected; waited++)
            await Task.Delay(500, ct);

        Assert.Equal(HubConnectionState.Disconnected, brief.State);
        Assert.Equal(HubConnectionState.Connected, shift.State);
    }
}
