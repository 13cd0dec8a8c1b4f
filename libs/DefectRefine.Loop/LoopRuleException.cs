namespace DefectRefine.Loop;

/// <summary>A command the loop cannot take in its current state (retrain while training, resume while running, ...); the message says why.</summary>
public sealed class LoopRuleException(string message) : Exception(message);
