using DefectRefine.Masks;

namespace DefectRefine.Annotations;

/// <summary>
/// What a generator's provenance record (generation.json) says about one label file: the labels are SIMULATED, made
/// by <paramref name="Source"/> ("simulation:expert-roi") as exactly these <paramref name="Boxes"/>, with these
/// parameters (the simulator's and the generator's, seeds included). Found only for files the record names.
/// </summary>
/// <param name="RecordFile">The provenance record, relative to the import root.</param>
public sealed record LabelProvenance(string Source, string RecordFile, IReadOnlyList<PixelBox> Boxes, IReadOnlyDictionary<string, string> Parameters);
