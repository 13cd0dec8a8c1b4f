using System.Text.Json.Serialization;
using DefectRefine.Contracts.V1.Labels;
using DefectRefine.Masks;

namespace DefectRefine.LabelStore;

/// <summary>
/// The current mask of one image: folded from its stream, kept inline as a snapshot (bit-packed) and copied into
/// checkpoints. State changes only in the Apply methods; every label event carries its exact pixel flips.
/// Two layers (DESIGN.md, "Refined masks"): <see cref="Mask"/> is the expert's (initial labels, refinements, undos),
/// what training learns from; <see cref="RefinedMask"/> is the model's latest proposal, which never touches the first.
/// </summary>
public sealed class MaskProjection
{
    private BinaryMask? _mask;
    private byte[]? _bits;
    private BinaryMask? _refined;
    private byte[]? _refinedBits;

    public Guid Id { get; set; }

    [Marten.Schema.Version]
    public long Version { get; set; }

    public Guid DatasetId { get; set; }
    public int Width { get; set; }
    public int Height { get; set; }
    public InitialMaskKind InitialKind { get; set; }
    public bool InitialSimulated { get; set; }
    public DateTimeOffset InitialisedAt { get; set; }
    public DateTimeOffset LastChangedAt { get; set; }
    public int RefinementCount { get; set; }

    /// <summary>Versions that a <see cref="RefinementReverted"/> has undone; they cannot be undone twice.</summary>
    public List<long> RevertedVersions { get; set; } = [];

    /// <summary>The mask, bit-packed ((W*H+7)/8 bytes).</summary>
    public byte[] Bits
    {
        get => _mask?.ToPackedBytes() ?? _bits ?? [];
        set
        {
            _bits = value;
            _mask = null;
        }
    }

    [JsonIgnore]
    public BinaryMask Mask => _mask ??= BinaryMask.FromPackedBytes(Width, Height, _bits ?? throw new InvalidOperationException($"Mask {Id} has no bits."));

    [JsonIgnore]
    public int DefectPixels => Mask.CountDefects();

    /// <summary>The model's latest refined mask, bit-packed; null until a training round proposed one.</summary>
    public byte[]? RefinedBits
    {
        get => _refined?.ToPackedBytes() ?? _refinedBits;
        set
        {
            _refinedBits = value;
            _refined = null;
        }
    }

    [JsonIgnore]
    public BinaryMask? RefinedMask => _refined ??= _refinedBits is null ? null : BinaryMask.FromPackedBytes(Width, Height, _refinedBits);

    public string? RefinedModelVersion { get; set; }
    public int? RefinedRound { get; set; }
    public Guid? RefinedProjectId { get; set; }
    public DateTimeOffset? RefinedAt { get; set; }

    /// <summary>Every model version that proposed a refined mask here: a redelivered round must not propose twice.</summary>
    public List<string> ProposedBy { get; set; } = [];

    public void Apply(MaskInitialised e)
    {
        (Id, DatasetId, Width, Height, InitialKind, InitialSimulated) = (e.ImageId, e.DatasetId, e.Width, e.Height, e.Kind, e.Origin.Simulated);
        (InitialisedAt, LastChangedAt) = (e.At, e.At);
        _mask = MaskRunLength.Decode(e.Width, e.Height, e.RunLengths);
        _bits = null;
    }

    public void Apply(CentrePixelsRefined e) => Refined(e.Flipped, e.Context.AnsweredAt);

    public void Apply(PatchesRefined e) => Refined(e.Flipped, e.Context.AnsweredAt);

    public void Apply(PatchesShifted e) => Refined(e.Flipped, e.Context.AnsweredAt);

    public void Apply(RefinementReverted e)
    {
        Flip(e.Flipped);
        RevertedVersions.Add(e.RevertedVersion);
        LastChangedAt = e.At;
    }

    /// <summary>The model's layer only: the expert's mask, refinement count and last change stay as they were.</summary>
    public void Apply(RefinedMaskProposed e)
    {
        _refined = MaskRunLength.Decode(Width, Height, e.RunLengths);
        _refinedBits = null;
        (RefinedModelVersion, RefinedRound, RefinedProjectId, RefinedAt) = (e.ModelVersion, e.Round, e.ProjectId, e.At);
        ProposedBy.Add(e.ModelVersion);
    }

    /// <summary>Applies any event of a mask stream (replays outside Marten's own aggregation use this).</summary>
    public void ApplyEvent(object @event, long version)
    {
        switch (@event)
        {
            case MaskInitialised e: Apply(e); break;
            case CentrePixelsRefined e: Apply(e); break;
            case PatchesRefined e: Apply(e); break;
            case PatchesShifted e: Apply(e); break;
            case RefinementReverted e: Apply(e); break;
            case RefinedMaskProposed e: Apply(e); break;
            default: throw new InvalidOperationException($"{@event.GetType().Name} is not an event of a mask stream.");
        }
        Version = version;
    }

    public MaskProjection Copy() => new()
    {
        Id = Id,
        Version = Version,
        DatasetId = DatasetId,
        Width = Width,
        Height = Height,
        InitialKind = InitialKind,
        InitialSimulated = InitialSimulated,
        InitialisedAt = InitialisedAt,
        LastChangedAt = LastChangedAt,
        RefinementCount = RefinementCount,
        RevertedVersions = [.. RevertedVersions],
        Bits = Bits,
        RefinedBits = RefinedBits,
        RefinedModelVersion = RefinedModelVersion,
        RefinedRound = RefinedRound,
        RefinedProjectId = RefinedProjectId,
        RefinedAt = RefinedAt,
        ProposedBy = [.. ProposedBy],
    };

    private void Refined(IReadOnlyList<PixelRunChange> flipped, DateTimeOffset at)
    {
        Flip(flipped);
        RefinementCount++;
        LastChangedAt = at;
    }

    private void Flip(IReadOnlyList<PixelRunChange> flipped) =>
        Mask.Flip(flipped.Select(run => new PixelRun(run.Start, run.Length)));
}
