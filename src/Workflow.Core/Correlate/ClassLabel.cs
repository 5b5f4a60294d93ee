namespace Workflow.Core.Correlate;

/// <summary>A class of the dataset: its integer label (as in <c>twonn.csv</c>'s <c>class</c>) and its name.</summary>
public sealed record ClassLabel(int Label, string Name);
