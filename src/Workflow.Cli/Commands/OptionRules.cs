using System.CommandLine;

namespace Workflow.Cli.Commands;

/// <summary>Parse-time range checks, so that a bad number is a one-line usage error naming the option, not a stack trace.</summary>
internal static class OptionRules
{
    /// <summary>Adds "--name must be at least <paramref name="min"/>" to <paramref name="option"/>; returns it.</summary>
    public static Option<T> AtLeast<T>(this Option<T> option, T min, string? why = null) where T : struct, IComparable<T>
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<T>().CompareTo(min) < 0)
                result.AddError($"{option.Name} must be at least {min}" + (why is null ? "." : $" ({why})."));
        });
        return option;
    }

    /// <summary>Adds "--name must be in [min, max)" to a floating-point option; returns it.</summary>
    public static Option<double> InHalfOpenRange(this Option<double> option, double min, double maxExclusive)
    {
        option.Validators.Add(result =>
        {
            double value = result.GetValueOrDefault<double>();
            if (!(value >= min && value < maxExclusive))
                result.AddError(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{option.Name} must be in [{min}, {maxExclusive}), got {value}."));
        });
        return option;
    }

    /// <summary>Adds "--name must be a positive number" to an optional floating-point option; returns it.</summary>
    public static Option<double?> Positive(this Option<double?> option)
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double?>() is double value && !(value > 0 && double.IsFinite(value)))
                result.AddError(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{option.Name} must be a positive number, got {value}."));
        });
        return option;
    }
}
