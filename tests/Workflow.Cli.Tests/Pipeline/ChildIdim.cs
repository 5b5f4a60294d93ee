using System.Diagnostics;

namespace Workflow.Cli.Tests.Pipeline;

/// <summary><c>idim</c> as a separate process (the built idim.dll beside the tests), for tests of what separate processes do at once.</summary>
internal sealed class ChildIdim : IDisposable
{
    private readonly Process _process;
    private readonly System.Text.StringBuilder _output = new(), _error = new();

    private ChildIdim(Process process) => _process = process;

    public static ChildIdim Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "idim.dll"));
        foreach (string arg in args) start.ArgumentList.Add(arg);
        var child = new ChildIdim(Process.Start(start)!);
        child._process.OutputDataReceived += (_, e) => { lock (child._output) child._output.AppendLine(e.Data); };
        child._process.ErrorDataReceived += (_, e) => { lock (child._error) child._error.AppendLine(e.Data); };
        child._process.BeginOutputReadLine();
        child._process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Waits for the exit (at most <paramref name="timeout"/>) and returns the code and what it printed.</summary>
    public (int Code, string Output, string Error) Wait(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"idim did not finish within {timeout}:\n{_output}\n{_error}");
        }
        _process.WaitForExit(); // drains the output readers
        lock (_output) lock (_error) return (_process.ExitCode, _output.ToString(), _error.ToString());
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }
}
