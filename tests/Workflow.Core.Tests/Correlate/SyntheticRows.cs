using System.Globalization;
using Workflow.Core.Correlate;

namespace Workflow.Core.Tests.Correlate;

/// <summary>twonn.csv rows built from small ID arrays: ids[layer][class] per model.</summary>
internal static class SyntheticRows
{
    public static IEnumerable<TwoNnRow> Model(string model, double[][] ids, string estimator = "fit")
    {
        int last = ids.Length - 1;
        for (int layer = 0; layer <= last; layer++)
            for (int c = 0; c < ids[layer].Length; c++)
                yield return new TwoNnRow(model, layer, last == 0 ? 0 : (double)layer / last, c.ToString(CultureInfo.InvariantCulture),
                    $"class{c}", estimator, ids[layer][c], 100, 100, 0, double.NaN, double.NaN, double.NaN);
    }

    /// <summary>A model whose every layer has the same per-class IDs.</summary>
    public static IEnumerable<TwoNnRow> Flat(string model, int lastLayer, params double[] ids) =>
        Model(model, Enumerable.Repeat(ids, lastLayer + 1).ToArray());
}
