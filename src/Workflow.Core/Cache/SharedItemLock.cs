namespace Workflow.Core.Cache;

/// <summary>
/// Locks one item of a folder that several experiments share (<c>artifacts/models/&lt;tiny model&gt;</c>,
/// <c>artifacts/data/&lt;dataset&gt;</c>): exclusive while it is checked and (re)written, shared while it is read.
/// Lock files: <c>&lt;folder&gt;/.locks/&lt;item&gt;.lock</c> (issue 11 item 4; the Hub cache does the same per blob).
/// </summary>
public static class SharedItemLock
{
    /// <summary>The lock file of <paramref name="item"/> in <paramref name="folder"/>.</summary>
    public static string PathOf(string folder, string item) => Path.Combine(folder, ".locks", item + ".lock");

    /// <summary>Takes the item exclusively (to check and write it); waits for other holders.</summary>
    public static FileLock Exclusive(string folder, string item) =>
        FileLock.Exclusive(PathOf(folder, item), Path.Combine(folder, item), wait: true, Say);

    /// <summary>Takes the item shared (to read it); waits while someone writes it.</summary>
    public static FileLock Shared(string folder, string item) =>
        FileLock.Shared(PathOf(folder, item), Path.Combine(folder, item), wait: true, Say);

    private static void Say(string message) => Console.Error.WriteLine(message);
}
