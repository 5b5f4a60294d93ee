namespace Workflow.Core.Correlate;

/// <summary>
/// Relative depth (layer / L) shared by models of different depth: the grid is the depths of the model with
/// the fewest layers (k / L_min, k = 0..L_min), and every model is read at its nearest layer there.
/// </summary>
public static class DepthGrid
{
    /// <summary>
    /// The layer of a model with last layer <paramref name="lastLayer"/> nearest to relative depth
    /// <paramref name="depth"/>: round(depth · L), halves rounded up (so 0.25 in a 6-layer model is layer 2).
    /// A tolerance of 1e-9 absorbs round-off in depth · L so the choice does not depend on the machine.
    /// </summary>
    public static int NearestLayer(double depth, int lastLayer)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(lastLayer);
        if (depth is < 0 or > 1 || double.IsNaN(depth))
            throw new ArgumentOutOfRangeException(nameof(depth), depth, "A relative depth lies in [0, 1].");
        return Math.Clamp((int)Math.Floor(depth * lastLayer + 0.5 + 1e-9), 0, lastLayer);
    }

    /// <summary>
    /// The common grid for models whose last layers are <paramref name="lastLayers"/>: k / L_min for k = 0..L_min.
    /// With L_min = 0 (a model with only embeddings) the grid is { 0 }.
    /// </summary>
    public static IReadOnlyList<double> Common(IEnumerable<int> lastLayers)
    {
        ArgumentNullException.ThrowIfNull(lastLayers);
        int[] layers = lastLayers.ToArray();
        if (layers.Length == 0) return [];
        int fewest = layers.Min();
        if (fewest == 0) return [0.0];
        return Enumerable.Range(0, fewest + 1).Select(k => (double)k / fewest).ToArray();
    }
}
