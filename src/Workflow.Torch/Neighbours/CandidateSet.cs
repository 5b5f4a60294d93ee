namespace Workflow.Torch.Neighbours;

/// <summary>
/// The k best candidates of some query rows by an approximate squared distance, sorted ascending:
/// row q's candidates are <see cref="Indices"/>[q·k … q·k + k − 1] with approximate values <see cref="Values"/>.
/// </summary>
/// <param name="K">Candidates per row.</param>
/// <param name="Values">Approximate squared distances (+∞ marks the query itself).</param>
/// <param name="Indices">Row indices of the candidates.</param>
internal sealed record CandidateSet(int K, double[] Values, int[] Indices);
