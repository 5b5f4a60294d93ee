using Workflow.Core.Estimators;
using Workflow.Core.IO;

namespace Workflow.Core.Tests.Estimators;

/// <summary>The anchors' test inputs (TestData/estimators; generate.py there says where each comes from).</summary>
internal static class EstimatorData
{
    public static string PathOf(string file) => Path.Combine(AppContext.BaseDirectory, "TestData", "estimators", file);

    /// <summary>A float64 .npy file as it is (no rounding to float32).</summary>
    public static DoubleMatrix Load(string file)
    {
        var (values, rows, columns) = NpyFile.ReadMatrix64(PathOf(file));
        return new DoubleMatrix(values, rows, columns);
    }

    /// <summary>Asserts |actual − expected| ≤ relative·|expected|.</summary>
    public static void Close(double expected, double? actual, double relative, string what)
    {
        Assert.NotNull(actual);
        double error = Math.Abs(actual!.Value - expected);
        Assert.True(error <= relative * Math.Abs(expected), $"{what}: expected {expected:R}, got {actual:R} (relative error {error / Math.Abs(expected):E2})");
    }
}
