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
}
