namespace DefectRefine.Masks.Progress;

/// <summary>How much one source (experts, later the model) changed masks: changes kept and undone, pixels flipped and flipped back.</summary>
public sealed record SourceMovement(int Changes, int Undone, long PixelsFlipped, long PixelsUndone)
{
    public static SourceMovement None { get; } = new(0, 0, 0, 0);

    /// <summary>Flips that still stand: a pixel flipped twice counts twice, so this can exceed the pixels that now differ.</summary>
    public long PixelsKept => PixelsFlipped - PixelsUndone;

    public static SourceMovement operator +(SourceMovement a, SourceMovement b) =>
        new(a.Changes + b.Changes, a.Undone + b.Undone, a.PixelsFlipped + b.PixelsFlipped, a.PixelsUndone + b.PixelsUndone);
}

/// <summary>The masks against the truth after <paramref name="Step"/> answers and undos ("initial", "answer" or "undo").</summary>
public sealed record ScorePoint(int Step, DateTimeOffset At, string Kind, Guid? SessionId, PixelScore Score);

/// <summary>One image's mask against its truth after version <paramref name="Version"/>.</summary>
public sealed record ImageScorePoint(long Version, DateTimeOffset At, PixelScore Score);

/// <summary>
/// One image: its version, how many pixels now differ from the first mask, the tally per source and, with a truth,
/// its score at the first version, now, and after each change.
/// </summary>
public sealed record ImageMovement(
    Guid ImageId,
    long Version,
    int DefectPixelsInitial,
    int DefectPixelsNow,
    int PixelsChanged,
    IReadOnlyDictionary<ChangeSource, SourceMovement> BySource,
    PixelScore? Initial,
    PixelScore? Now,
    IReadOnlyList<ImageScorePoint> Series,
    int? ChangedAgreeingWithTruth = null);

/// <summary>
/// All images together: pixel scores are summed over the images that have a truth (micro-averaged).
/// <see cref="ChangedAgreeingWithTruth"/> and <see cref="ChangedDisagreeingWithTruth"/> split the changed pixels of
/// those images: a few right flips barely move F1 over a whole dataset, but show here.
/// </summary>
public sealed record MovementSnapshot(
    int Images,
    int ImagesChanged,
    long PixelsChanged,
    IReadOnlyDictionary<ChangeSource, SourceMovement> BySource,
    int ImagesWithTruth,
    PixelScore? Initial,
    PixelScore? Now,
    IReadOnlyList<ScorePoint> Series,
    IReadOnlyList<ImageMovement> PerImage,
    long? ChangedAgreeingWithTruth = null,
    long? ChangedDisagreeingWithTruth = null);

/// <summary>
/// How far labels have moved: folds each image's first mask and its later changes, in order, and keeps the pixel
/// score against an optional truth after every answer. Incremental, so a reader that polls applies only new changes.
/// </summary>
public sealed class LabelMovement
{
    private readonly Dictionary<Guid, ImageState> _images = [];
    private readonly List<ScorePoint> _series = [];
    private Guid? _lastAnswer;
    private PixelScore _initial;
    private PixelScore _now;
    private int _withTruth;
    private MovementSnapshot? _snapshot;

    public int ImageCount => _images.Count;

    /// <summary>The version applied last for <paramref name="imageId"/>, 0 for an image not added yet.</summary>
    public long VersionOf(Guid imageId) => _images.TryGetValue(imageId, out var image) ? image.Version : 0;

    /// <summary>Adds an image at its first mask (version 1), with its true mask when one is known.</summary>
    public void AddImage(Guid imageId, BinaryMask initial, DateTimeOffset at, BinaryMask? truth = null)
    {
        ArgumentNullException.ThrowIfNull(initial);
        if (_images.ContainsKey(imageId))
            throw new InvalidOperationException($"Image {imageId} was added already.");
        var image = new ImageState(initial, truth, at);
        _images.Add(imageId, image);
        if (image.Score is { } score)
        {
            _withTruth++;
            _initial += score;
            _now += score;
        }
        if (_series.Count == 0 || _series[^1].Kind == "initial")
            SetInitialPoint(at);
        _snapshot = null;
    }

    /// <summary>Applies the next change of an image; versions must follow one another.</summary>
    public void Apply(MaskChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (!_images.TryGetValue(change.ImageId, out var image))
            throw new InvalidOperationException($"Image {change.ImageId} has no first mask here; add it before its changes.");
        if (change.Version != image.Version + 1)
            throw new InvalidOperationException($"Image {change.ImageId} is at version {image.Version}; the next change must be version {image.Version + 1}, not {change.Version}.");

        var before = image.Score;
        image.Apply(change);
        if (image.Score is { } after)
            _now = _now - before!.Value + after;

        var kind = change.Undoes is null ? "answer" : "undo";
        // One answer may change several images: they make one point, as the expert made one decision.
        if (change.AnswerId is { } answer && _lastAnswer == answer && _series[^1].Kind == "answer")
            _series[^1] = _series[^1] with { At = change.At, Score = _now };
        else
            _series.Add(new ScorePoint(_series[^1].Step + 1, change.At, kind, change.SessionId, _now));
        _lastAnswer = change.Undoes is null ? change.AnswerId : null;
        _snapshot = null;
    }

    /// <summary>
    /// Passes a version that left this image's labels as they were (a model's refined-mask proposal, kept in a layer of
    /// its own): the next change follows it.
    /// </summary>
    public void Pass(Guid imageId, long version)
    {
        if (!_images.TryGetValue(imageId, out var image))
            throw new InvalidOperationException($"Image {imageId} has no first mask here; add it before its changes.");
        if (version != image.Version + 1)
            throw new InvalidOperationException($"Image {imageId} is at version {image.Version}; the next version must be {image.Version + 1}, not {version}.");
        image.Pass(version);
        _snapshot = null;
    }

    public MovementSnapshot Snapshot()
    {
        if (_snapshot is not null)
            return _snapshot;
        var perImage = _images.Select(pair => pair.Value.Describe(pair.Key)).ToList();
        var bySource = Enum.GetValues<ChangeSource>().ToDictionary(source => source,
            source => perImage.Aggregate(SourceMovement.None, (sum, image) => sum + image.BySource[source]));
        var truth = _withTruth > 0;
        var scored = perImage.Where(i => i.ChangedAgreeingWithTruth is not null).ToList();
        long agreeing = scored.Sum(i => (long)i.ChangedAgreeingWithTruth!.Value), changed = scored.Sum(i => (long)i.PixelsChanged);
        return _snapshot = new MovementSnapshot(_images.Count, perImage.Count(i => i.PixelsChanged > 0), perImage.Sum(i => (long)i.PixelsChanged),
            bySource, _withTruth, truth ? _initial : null, truth ? _now : null, truth ? [.. _series] : [], perImage,
            truth ? agreeing : null, truth ? changed - agreeing : null);
    }

    /// <summary>At most <paramref name="max"/> points, evenly spaced by step, always keeping the first and the last.</summary>
    public static IReadOnlyList<T> Thin<T>(IReadOnlyList<T> points, int max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 2);
        if (points.Count <= max)
            return points;
        var kept = new List<T>(max);
        for (var i = 0; i < max; i++)
            kept.Add(points[(int)Math.Round(i * (points.Count - 1) / (double)(max - 1))]);
        return kept;
    }

    private void SetInitialPoint(DateTimeOffset at)
    {
        var point = new ScorePoint(0, _series.Count == 0 ? at : Max(_series[0].At, at), "initial", null, _initial);
        if (_series.Count == 0)
            _series.Add(point);
        else
            _series[0] = point;
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private sealed class ImageState
    {
        private readonly BinaryMask _initial;
        private readonly BinaryMask _current;
        private readonly BinaryMask? _truth;
        private readonly Dictionary<long, ChangeSource> _sourceOf = [];
        private readonly Dictionary<ChangeSource, SourceMovement> _bySource = Enum.GetValues<ChangeSource>().ToDictionary(s => s, _ => SourceMovement.None);
        private readonly List<ImageScorePoint> _series = [];
        private readonly PixelScore? _initialScore;

        public ImageState(BinaryMask initial, BinaryMask? truth, DateTimeOffset at)
        {
            _initial = initial.Clone();
            _current = initial.Clone();
            _truth = truth;
            if (truth is not null)
            {
                _initialScore = PixelScore.Of(_current, truth);
                Score = _initialScore;
                _series.Add(new ImageScorePoint(1, at, _initialScore.Value));
            }
        }

        public long Version { get; private set; } = 1;
        public PixelScore? Score { get; private set; }

        public void Pass(long version) => Version = version;

        public void Apply(MaskChange change)
        {
            _current.Flip(change.Flipped);
            Version = change.Version;
            var pixels = change.PixelCount;
            if (change.Undoes is { } undone)
            {
                var source = _sourceOf.TryGetValue(undone, out var of) ? of : change.Source;
                _bySource[source] += new SourceMovement(0, 1, 0, pixels);
            }
            else
            {
                _sourceOf[change.Version] = change.Source;
                _bySource[change.Source] += new SourceMovement(1, 0, pixels, 0);
            }
            if (_truth is not null)
            {
                Score = PixelScore.Of(_current, _truth);
                _series.Add(new ImageScorePoint(change.Version, change.At, Score.Value));
            }
        }

        public ImageMovement Describe(Guid imageId)
        {
            var changed = _current.DifferenceFrom(_initial);
            int? agreeing = null;
            if (_truth is not null)
            {
                agreeing = 0;
                foreach (var run in changed)
                    for (var i = run.Start; i < run.End; i++)
                        if (_current.Get(i) == _truth.Get(i))
                            agreeing++;
            }
            return new ImageMovement(imageId, Version, _initial.CountDefects(), _current.CountDefects(), changed.Sum(run => run.Length),
                new Dictionary<ChangeSource, SourceMovement>(_bySource), _initialScore, Score, [.. _series], agreeing);
        }
    }
}
