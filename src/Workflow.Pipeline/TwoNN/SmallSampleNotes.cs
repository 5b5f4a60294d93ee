using Workflow.Core.Correlate;
using Workflow.Core.TwoNn;

namespace Workflow.Pipeline;

/// <summary>Flags estimates from too few points (<see cref="EstimateReliability"/>) in twonn.csv's <c>note</c> column.</summary>
internal static class SmallSampleNotes
{
    /// <summary>Adds a note to every row with an estimate that is unreliable; rows that already say why they have none keep theirs.</summary>
    public static void AddTo(IReadOnlyList<TwoNnRow> rows, Dictionary<int, string> notes)
    {
        for (int i = 0; i < rows.Count; i++)
        {
            if (notes.ContainsKey(i)) continue;
            if (EstimateReliability.Note(rows[i].NUsed, rows[i].Id) is { } note) notes[i] = note;
        }
    }
}
