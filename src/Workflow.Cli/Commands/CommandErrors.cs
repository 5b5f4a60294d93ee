using Workflow.Core;
using Workflow.Core.Experiments;
using Workflow.Core.Net;
using Workflow.Core.TwoNn;
using Workflow.Torch.Hub;

namespace Workflow.Cli.Commands;

/// <summary>
/// The one place where errors become exit codes (<see cref="ExitCodes"/>, printed by <c>idim --help</c>): a
/// <see cref="UserError"/> prints its message and exits with its code; the errors a user can fix that other libraries
/// throw (bad experiment files, bad inputs, missing repos, refused downloads, degenerate data) print one line and exit 1;
/// anything else is a bug and keeps its stack trace (exit 70).
/// </summary>
internal static class CommandErrors
{
    /// <summary>The exit code for <paramref name="error"/>, after printing it.</summary>
    public static int Report(Exception error)
    {
        switch (error)
        {
            // Parallel.For and tasks wrap what their bodies throw (a corrupt image decoded on a worker thread): the
            // first inner error is the one the user needs, with its own code.
            case AggregateException { InnerExceptions.Count: > 0 } aggregate:
                return Report(aggregate.Flatten().InnerExceptions[0]);
            case UserError user:
                Console.Error.WriteLine("error: " + user.Message);
                return user.ExitCode;
            case ExperimentConfigException or InvalidDataException or FileNotFoundException or DirectoryNotFoundException
                or ArgumentException or FormatException or InvalidOperationException or TwoNnDataException
                or HubException or DownloadException or HttpRequestException or IOException
                or NotSupportedException or UnauthorizedAccessException or System.Text.Json.JsonException:
                Console.Error.WriteLine("error: " + UserMessage.Of(error));
                return ExitCodes.UserError;
            default:
                Console.Error.WriteLine($"internal error (a bug in idim; please report it with this trace): {error}");
                return ExitCodes.Internal;
        }
    }
}
