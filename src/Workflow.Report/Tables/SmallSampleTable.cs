using Workflow.Core.Correlate;
using Workflow.Core.TwoNn;
using Workflow.Report.Document;

namespace Workflow.Report.Tables;

/// <summary>
/// The per-class estimates too few points support (<see cref="EstimateReliability"/>, the rule twonn.csv's <c>note</c>
/// column applies): listed apart, with the reason, so they are not read like the others.
/// </summary>
public static class SmallSampleTable
{
    /// <summary>At most this many rows are listed; the paragraph gives the full count.</summary>
    public const int MaxRows = 20;

    /// <summary>The unreliable per-class rows of <paramref name="ids"/> (every model and layer), in model, layer, class order.</summary>
    public static IReadOnlyList<(TwoNnRow Row, string Note)> Flagged(ClassIdTable ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var flagged = new List<(TwoNnRow, string)>();
        foreach (string model in ids.Models.Prepend(ids.HasPixels ? ClassIdTable.PixelsModel : null).OfType<string>())
        {
            for (int layer = 0; layer <= ids.LastLayer(model); layer++)
            {
                foreach (TwoNnRow row in ids.Rows(model, layer))
                {
                    if (row.IsPooled) continue;
                    if (EstimateReliability.Note(row.NUsed, row.Id) is { } note) flagged.Add((row, note));
                }
            }
        }
        return flagged;
    }

    /// <summary>A paragraph and a table, or nothing when every estimate rests on enough points.</summary>
    public static IReadOnlyList<Block> Create(ClassIdTable ids, int number)
    {
        var flagged = Flagged(ids);
        if (flagged.Count == 0) return [];
        var rows = flagged.Take(MaxRows).Select(f => (IReadOnlyList<string>)
        [
            f.Row.Model, TextFormat.Integer(f.Row.Layer), $"{f.Row.ClassName} ({f.Row.Class})", TextFormat.Id(f.Row.Id),
            TextFormat.Integer(f.Row.NUsed), f.Note,
        ]).ToList();
        return
        [
            new Paragraph($"Warning: {flagged.Count} per-class estimate(s) rest on fewer than {EstimateReliability.MinPoints} points " +
                          "(or exceed what their points can span): the TwoNN maximum-likelihood estimate has relative standard error " +
                          "1/√(n − 2), above 20 % there, so these IDs are not comparable with the others and the rankings and correlations " +
                          "that use them are unreliable. Raise per_class." +
                          (flagged.Count > MaxRows ? $" The first {MaxRows} are listed; twonn.csv's note column flags all." : "")),
            new Table(number, "Estimates from too few points (not comparable with the others).",
                ["Model", "Layer", "Class", "ID", "n_used", "Why"], rows,
                [Align.Left, Align.Right, Align.Left, Align.Right, Align.Right, Align.Left]),
        ];
    }
}
