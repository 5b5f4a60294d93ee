using Workflow.Core.Cache;

namespace Workflow.Cli.Stages;

/// <summary>
/// Runs one cached unit: skips it when up to date (and says so), else removes its record, produces the
/// outputs (each written atomically by the producer) and writes the record last.
/// </summary>
internal static class StageRunner
{
    /// <summary>Returns true when the unit ran, false when it was up to date.</summary>
    public static bool Run(StageContext context, StageKey key, StageInputs inputs, Func<IReadOnlyList<string>> produce)
    {
        if (!context.Settings.Force)
        {
            var status = context.Cache.Check(key, inputs, context.Settings.Verify);
            if (status.UpToDate)
            {
                Console.WriteLine($"{key}: up to date");
                return false;
            }
            Console.WriteLine(status.ToString());
        }
        else
        {
            Console.WriteLine($"{key}: forced");
        }
        var started = DateTime.UtcNow;
        context.Cache.Invalidate(key);
        IReadOnlyList<string> outputs = produce();
        context.Cache.Commit(key, inputs, outputs.Select(context.Relative), started);
        Console.WriteLine($"{key}: done in {(DateTime.UtcNow - started).TotalSeconds:0.0} s");
        return true;
    }

    /// <summary>The recorded outputs of an upstream unit as inputs of a downstream one (name → hash).</summary>
    public static IReadOnlyDictionary<string, string>? OutputsOf(StageContext context, StageKey upstream, Func<string, bool>? include = null)
    {
        var record = context.Cache.ReadRecord(upstream);
        return record?.Outputs.Where(o => include?.Invoke(o.Key) ?? true).ToDictionary(o => o.Key, o => o.Value.Hash);
    }
}
