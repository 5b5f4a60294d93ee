namespace Workflow.Core;

/// <summary>
/// An error the user can fix: the message says what was expected, what was found and what to do (style.md §6). The
/// CLI catches it in one place and prints one <c>error:</c> line, no stack trace, and exits with <see cref="ExitCode"/>.
/// </summary>
public class UserError : Exception
{
    public UserError(string message, int exitCode = ExitCodes.UserError, Exception? inner = null) : base(message, inner) => ExitCode = exitCode;

    /// <summary>The process exit code (<see cref="ExitCodes"/>).</summary>
    public int ExitCode { get; }
}
