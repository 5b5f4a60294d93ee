namespace Workflow.Core;

/// <summary>The exit codes of <c>idim</c> (one table, printed by <c>idim --help</c>).</summary>
public static class ExitCodes
{
    /// <summary>Success (also: a stage that was already up to date).</summary>
    public const int Success = 0;

    /// <summary>A user error: bad command line, experiment file or settings, a stage run out of order, a network or Hub refusal.</summary>
    public const int UserError = 1;

    /// <summary>A bad point cloud or labels file given to <c>idim twonn</c>: unreadable, wrong shape or type, degenerate.</summary>
    public const int InputData = 2;

    /// <summary>Another run holds a lock this one needs, and <c>--no-wait</c> was given.</summary>
    public const int Busy = 3;

    /// <summary>A task of an executor (a Slurm job) failed; its log tail and the command to rerun were printed.</summary>
    public const int TaskFailed = 4;

    /// <summary>A bug in idim (an unexpected exception; its stack trace is printed). Please report it.</summary>
    public const int Internal = 70;

    /// <summary>Interrupted by SIGINT (Ctrl-C): 128 + 2.</summary>
    public const int Interrupted = 130;

    /// <summary>Terminated by SIGTERM: 128 + 15.</summary>
    public const int Terminated = 143;

    /// <summary>The table for <c>--help</c>.</summary>
    public static string Table => string.Join('\n',
        "Exit codes:",
        $"  {Success,3}  success (including: everything was up to date)",
        $"  {UserError,3}  user error: command line, experiment file, settings, stage order, network/Hub refusal",
        $"  {InputData,3}  bad input file of `idim twonn <file>`: unreadable, wrong shape or type, degenerate data",
        $"  {Busy,3}  another idim run holds a lock this run needs (--no-wait)",
        $"  {TaskFailed,3}  a Slurm task failed (its log tail and the rerun command are printed)",
        $"  {Internal,3}  internal error (a bug: the stack trace is printed; please report it)",
        $"  {Interrupted,3}  interrupted (SIGINT), {Terminated}: terminated (SIGTERM); no partial output is left");
}
