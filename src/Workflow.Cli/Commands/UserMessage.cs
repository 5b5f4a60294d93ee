namespace Workflow.Cli.Commands;

/// <summary>
/// The text of an error for people: without .NET's <c> (Parameter 'perClass')</c> suffix, which names a C# parameter,
/// not an option (probe #17); a permission error says what to do (probe #15: a read-only artifacts folder).
/// </summary>
internal static class UserMessage
{
    public static string Of(Exception e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (e is ArgumentException { ParamName: { Length: > 0 } name } a)
        {
            string suffix = $" (Parameter '{name}')";
            string message = a.Message;
            int at = message.IndexOf(suffix, StringComparison.Ordinal);
            return at >= 0 ? message.Remove(at, suffix.Length) : message;
        }
        if (e is UnauthorizedAccessException)
            return e.Message + " What to do: make the folder writable, or write elsewhere with --artifacts DIR (or IDIM_ARTIFACTS=DIR).";
        return e.Message;
    }
}
