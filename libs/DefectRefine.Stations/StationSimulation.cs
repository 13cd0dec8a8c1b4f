using System.Collections.Concurrent;
using System.Diagnostics;
using DefectRefine.Contracts.V1.Loop;
using DefectRefine.Contracts.V1.Stations;
using DefectRefine.Masks;

namespace DefectRefine.Stations;

/// <summary>
/// Several simulated experts labelling one project through real hub connections until the given number of sessions
/// has reached its target (and, by default, the training that follows has ended). Every acknowledged answer is
/// returned, so a caller can check that the label store kept each one exactly once.
/// </summary>
public sealed class StationSimulation
{
    private readonly SimulationOptions _options;
    private readonly IReadOnlyDictionary<Guid, BinaryMask> _truth;
    private readonly Action<SimulationProgress>? _progress;
    private readonly ConcurrentQueue<Guid> _accepted = new();
    private readonly ConcurrentQueue<Guid> _undone = new();
    private readonly ConcurrentQueue<double> _nextQueryMs = new();
    private readonly object _gate = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly Stopwatch _clock = new();
    private ProjectStatus? _status;
    private TrainingStatus? _training;
    private int _firstSession;
    private int _lastSession;

    public StationSimulation(SimulationOptions options, IReadOnlyDictionary<Guid, BinaryMask> truth, Action<SimulationProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(truth);
        options.Validate();
        _options = options;
        _truth = truth;
        _progress = progress;
    }

    public async Task<SimulationResult> RunAsync(CancellationToken cancellationToken = default)
    {
        _clock.Restart();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        var clients = new List<StationClient>();
        try
        {
            for (var i = 0; i < _options.Stations; i++)
            {
                Uri[] gateways = [_options.Gateway, .. _options.ExtraGateways];
                var client = await StationClient.ConnectAsync(gateways[i % gateways.Length], $"{_options.StationPrefix}-{i + 1}", _options.AccessToken(i), timeout.Token);
                clients.Add(client);
                client.StatusChanged += Observe;
                client.TrainingProgressed += ObserveTraining;
                client.QueriesAvailable += _ => Wake();
                Observe(await client.JoinAsync(_options.ProjectId, timeout.Token));
            }
            lock (_gate)
            {
                var status = _status!;
                _firstSession = status.Phase == LoopPhase.Labelling ? Math.Max(1, status.Session) : status.Session + 1;
                _lastSession = _firstSession + _options.Sessions - 1;
            }

            var stations = clients.Select((client, i) => RunStationAsync(client, new SimulatedExpert(_truth, _options.ErrorRate, _options.Seed + i), timeout.Token)).ToList();
            var stats = await Task.WhenAll(stations);
            var final = await clients[0].StatusAsync(timeout.Token);
            if (_options.WaitForTraining)
                final = await WaitForTrainingAsync(clients[0], final, timeout.Token);
            return new SimulationResult(_firstSession, _options.Duration is null ? _lastSession : Math.Max(_firstSession, final.Session), stats, [.. _accepted], [.. _undone], Latency.Of([.. _nextQueryMs]), final, _clock.Elapsed);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The simulation did not finish {_options.Sessions} session(s) within {_options.Timeout}; last status: {Describe(_status)}.");
        }
        finally
        {
            foreach (var client in clients)
                await client.DisposeAsync();
        }
    }

    private async Task<StationStats> RunStationAsync(StationClient client, SimulatedExpert expert, CancellationToken cancellationToken)
    {
        int accepted = 0, refused = 0, undone = 0;
        var reasons = new List<string>();
        while (!Done)
        {
            var clock = Stopwatch.StartNew();
            var next = await client.NextQueryAsync(cancellationToken);
            clock.Stop();
            if (next.Query is not { } query)
            {
                await _wake.WaitAsync(TimeSpan.FromMilliseconds(500), cancellationToken);
                continue;
            }
            _nextQueryMs.Enqueue(clock.Elapsed.TotalMilliseconds);
            if (_options.ThinkTime > TimeSpan.Zero)
                await Task.Delay(_options.ThinkTime, cancellationToken);
            var receipt = await client.AnswerAsync(expert.Answer(query), CancellationToken.None);
            if (!receipt.Accepted)
            {
                refused++;
                reasons.Add(receipt.Reason ?? "no reason given");
                continue;
            }
            accepted++;
            _accepted.Enqueue(query.QueryId);
            ObserveCount(receipt.Session, receipt.AnswersThisSession, receipt.SessionTarget);
            if (_options.UndoEvery > 0 && accepted % _options.UndoEvery == 0)
            {
                var undo = await client.UndoAsync(CancellationToken.None);
                if (undo.Undone && undo.QueryId is { } undoneQuery)
                {
                    undone++;
                    _undone.Enqueue(undoneQuery);
                }
                else
                {
                    reasons.Add("undo refused: " + undo.Reason);
                }
            }
        }
        Wake();
        return new StationStats(client.Station, accepted, refused, undone, reasons);
    }

    /// <summary>
    /// True once the last session has reached its target (the loop then trains) or a later one started; for a run of a
    /// given duration, once that time is up.
    /// </summary>
    private bool Done
    {
        get
        {
            if (_options.Duration is { } duration)
                return _clock.Elapsed >= duration;
            lock (_gate)
            {
                var s = _status!;
                return s.Session > _lastSession
                    || (s.Session == _lastSession && (s.AnswersThisSession >= s.SessionTarget || s.Phase != LoopPhase.Labelling));
            }
        }
    }

    private async Task<ProjectStatus> WaitForTrainingAsync(StationClient client, ProjectStatus status, CancellationToken cancellationToken)
    {
        while (status.Phase == LoopPhase.Training && status.LastError is null)
        {
            await Task.Delay(500, cancellationToken);
            status = await client.StatusAsync(cancellationToken);
            Observe(status);
        }
        return status.LastError is { } error ? throw new InvalidOperationException(error) : status;
    }

    private void Observe(ProjectStatus status)
    {
        lock (_gate)
        {
            // Notifications may overtake each other; never go back to an older state of the loop.
            if (_status is { } known && (known.Session > status.Session || (known.Session == status.Session && known.ChangedAt > status.ChangedAt)))
                return;
            _status = status;
        }
        Report();
        Wake();
    }

    private void ObserveCount(int session, int answers, int target)
    {
        lock (_gate)
        {
            if (_status is not { } known || known.Session != session || known.AnswersThisSession >= answers)
                return;
            _status = known with { AnswersThisSession = answers, SessionTarget = target };
        }
        Report();
    }

    private void ObserveTraining(TrainingStatus training)
    {
        lock (_gate)
            _training = training;
        Report();
    }

    private void Report()
    {
        if (_progress is null)
            return;
        SimulationProgress progress;
        lock (_gate)
        {
            var s = _status!;
            // The last training report goes on after the phase moved on: it says where the round ended.
            progress = new SimulationProgress(s.Session, s.AnswersThisSession, s.SessionTarget, s.Phase, _training, s.LateAnswersThisSession);
        }
        _progress(progress);
    }

    private void Wake()
    {
        // Wake every waiting station; extra releases only make a waiting station ask once more.
        if (_wake.CurrentCount < _options.Stations)
            _wake.Release();
    }

    private static string Describe(ProjectStatus? s) =>
        s is null ? "none" : $"session {s.Session}, {s.AnswersThisSession}/{s.SessionTarget} answers, phase {s.Phase}{(s.LastError is null ? "" : ", " + s.LastError)}";
}
