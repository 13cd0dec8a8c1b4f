namespace DefectRefine.Learning.Answers;

/// <summary>An answer that cannot be applied to its query; the message names the patch or pixel at fault, in words an expert can act on.</summary>
public sealed class AnswerException(string message) : Exception(message);
