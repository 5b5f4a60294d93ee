using Workflow.Core.Net;
using Workflow.Torch.Hub;

namespace Workflow.Cli.Commands;

/// <summary>Turns the errors a user can fix (bad files, missing repos, refused downloads) into one message and exit code 1.</summary>
internal static class CommandErrors
{
    public static int Run(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is InvalidDataException or FileNotFoundException or DirectoryNotFoundException or ArgumentException
                                      or HubException or DownloadException or IOException or NotSupportedException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine("error: " + e.Message);
            return 1;
        }
    }
}
