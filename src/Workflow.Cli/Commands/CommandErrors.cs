using Workflow.Core.Experiments;
using Workflow.Core.Net;
using Workflow.Core.TwoNn;
using Workflow.Torch.Hub;

namespace Workflow.Cli.Commands;

/// <summary>
/// Turns the errors a user can fix (bad experiment files, bad inputs, missing repos, refused downloads, a stage
/// run out of order, degenerate data) into one message and exit code 1. Anything else is a bug and keeps its stack trace.
/// </summary>
internal static class CommandErrors
{
    public static int Run(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is ExperimentConfigException or InvalidDataException or FileNotFoundException or DirectoryNotFoundException
                                      or ArgumentException or FormatException or InvalidOperationException or TwoNnDataException
                                      or HubException or DownloadException or HttpRequestException or IOException
                                      or NotSupportedException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            Console.Error.WriteLine("error: " + UserMessage.Of(e));
            return 1;
        }
    }
}
