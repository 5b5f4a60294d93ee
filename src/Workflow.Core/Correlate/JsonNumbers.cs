using System.Globalization;
using System.Text.Json;

namespace Workflow.Core.Correlate;

/// <summary>
/// Numbers in the stage's JSON: rounded so that files do not change with the last bits of a machine's maths
/// library (coefficients and depths to 6 decimals, IDs and p-values to 6 significant digits); NaN and
/// infinities are written as <c>null</c> (JSON has no NaN) and read back as NaN.
/// </summary>
internal static class JsonNumbers
{
    public static void WriteFixed(Utf8JsonWriter writer, string name, double value, int decimals = 6)
    {
        writer.WritePropertyName(name);
        WriteFixed(writer, value, decimals);
    }

    public static void WriteFixed(Utf8JsonWriter writer, double value, int decimals = 6)
    {
        if (!double.IsFinite(value)) writer.WriteNullValue();
        else writer.WriteNumberValue(Math.Round(value, decimals, MidpointRounding.AwayFromZero) + 0.0); // + 0.0: no "-0"
    }

    public static void WriteSignificant(Utf8JsonWriter writer, string name, double value)
    {
        writer.WritePropertyName(name);
        WriteSignificant(writer, value);
    }

    public static void WriteSignificant(Utf8JsonWriter writer, double value)
    {
        if (!double.IsFinite(value)) writer.WriteNullValue();
        else writer.WriteNumberValue(Significant(value));
    }

    /// <summary><paramref name="value"/> rounded to 6 significant digits (via the invariant "G6" text form).</summary>
    public static double Significant(double value) =>
        double.Parse(value.ToString("G6", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture) + 0.0;

    public static double Read(JsonElement element) =>
        element.ValueKind == JsonValueKind.Null ? double.NaN : element.GetDouble();
}
