using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace Workflow.Cli.Tests.Exit;

/// <summary>
/// The failing commands of the probe (#7, #12), each run as a real process many times: every run ends with its
/// documented exit code and one <c>error:</c> line, never a signal (SIGSEGV 139 / SIGABRT 134: libtorch still loading
/// on a background thread while the C library ran its exit handlers) and never a stack trace. 200 runs in all; each
/// is a few tenths of a second because the input error comes before any real work.
/// </summary>
public sealed class RepeatedFailureExitTests : IDisposable
{
    private const int TwoNnInputError = 2; // idim twonn: bad input file (TwoNnCommand)
    private const int UsageError = 1;      // System.CommandLine: an option value out of range
    private readonly string folder = Directory.CreateTempSubdirectory("idim-exit-").FullName;

    [Fact]
    public void Should_ExitWithTheDocumentedCodeEveryTime_When_TheProbesFailingCommandsRunRepeatedly()
    {
        var cases = new List<(string[] Args, int Code, int Runs)>
        {
            (["twonn", Path.Combine(folder, "nothere.npy")], TwoNnInputError, 60),
            (["twonn", Npy("bigendian.npy", "'>f4'", "(4, 2)", 32)], TwoNnInputError, 30),
            (["twonn", Npy("neg_shape.npy", "'<f4'", "(-5, 10)", 0)], TwoNnInputError, 30),
            (["twonn", Npy("hugehdr_shape.npy", "'<f4'", "(1099511627776, 1073741824)", 0)], TwoNnInputError, 30),
            (["twonn", Write("notparquet.parquet", "this is not a parquet file")], TwoNnInputError, 30),
            (["data", "calibration", "--train-per-class", "0", "--output", Path.Combine(folder, "calib")], UsageError, 10),
            (["bench", "twonn", "--n", "2"], UsageError, 10),
        };
        Assert.Equal(200, cases.Sum(c => c.Runs));
        var failures = new ConcurrentBag<string>();

        Parallel.ForEach(cases.SelectMany(c => Enumerable.Repeat(c, c.Runs)), new ParallelOptions { MaxDegreeOfParallelism = 2 }, c =>
        {
            (int code, string stderr) = RunIdim(c.Args);
            string command = string.Join(' ', c.Args.Select(a => a.StartsWith(folder, StringComparison.Ordinal) ? Path.GetFileName(a) : a));
            if (code != c.Code) failures.Add($"{command}: rc={code} (expected {c.Code}) {stderr.Trim()}");
            else if (stderr.Contains("   at ", StringComparison.Ordinal) || stderr.Contains("Unhandled exception", StringComparison.Ordinal))
                failures.Add($"{command}: stack trace: {stderr}");
            else if (!stderr.Contains(c.Code == UsageError ? "must be at least" : "error:", StringComparison.Ordinal))
                failures.Add($"{command}: no error line: {stderr}");
        });

        Assert.True(failures.IsEmpty, $"{failures.Count} of 200 runs went wrong:\n" + string.Join('\n', failures.Take(10)));
    }

    private static (int Code, string Stderr) RunIdim(string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "idim.dll"));
        foreach (string a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        _ = stdout.Result;
        return (process.ExitCode, stderr);
    }

    /// <summary>An .npy file (format 1.0) with the given header fields and <paramref name="dataBytes"/> zero bytes.</summary>
    private string Npy(string name, string descr, string shape, int dataBytes)
    {
        string dict = $"{{'descr': {descr}, 'fortran_order': False, 'shape': {shape}, }}";
        dict = dict.PadRight(((10 + dict.Length + 1 + 63) / 64 * 64) - 10 - 1) + "\n";
        using var stream = new MemoryStream();
        stream.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0]);
        stream.Write(BitConverter.GetBytes((ushort)dict.Length));
        stream.Write(Encoding.ASCII.GetBytes(dict));
        stream.Write(new byte[dataBytes]);
        string path = Path.Combine(folder, name);
        File.WriteAllBytes(path, stream.ToArray());
        return path;
    }

    private string Write(string name, string text)
    {
        string path = Path.Combine(folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
