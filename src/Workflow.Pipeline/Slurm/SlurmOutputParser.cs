using System.Globalization;

namespace Workflow.Pipeline.Slurm;

/// <summary>Reads what <c>sbatch --parsable</c>, <c>scontrol show job -o</c> and <c>sacct -P</c> print (Slurm 22.05+).</summary>
public static class SlurmOutputParser
{
    /// <summary><c>sbatch --parsable</c> prints <c>jobid</c> or <c>jobid;cluster</c>.</summary>
    public static string JobId(string sbatchOutput)
    {
        string line = sbatchOutput.Trim().Split('\n').Last().Trim();
        string id = line.Split(';')[0];
        if (id.Length == 0 || !id.All(char.IsAsciiDigit))
            throw new InvalidDataException($"sbatch printed '{line}', not a job id.");
        return id;
    }

    /// <summary>
    /// One record per line of <c>scontrol show job -o &lt;id&gt;</c>. An array still pending as a whole is one record
    /// with <c>ArrayTaskId=0-2</c> (or <c>1,3-4</c>, <c>0-9%2</c>); it becomes one state per index.
    /// </summary>
    public static IReadOnlyList<SlurmTaskState> Scontrol(string output, string jobId)
    {
        var states = new List<SlurmTaskState>();
        foreach (string raw in output.Split('\n'))
        {
            string line = raw.Trim();
            if (line.Length == 0) continue;
            var fields = Fields(line);
            string array = fields.GetValueOrDefault("ArrayJobId") ?? fields.GetValueOrDefault("JobId") ?? jobId;
            if (array != jobId) continue;
            string state = fields.GetValueOrDefault("JobState") ?? "UNKNOWN";
            string? reason = fields.GetValueOrDefault("Reason") is { } r && r != "None" ? r : null;
            foreach (int task in Indices(fields.GetValueOrDefault("ArrayTaskId") ?? "0"))
                states.Add(new SlurmTaskState(jobId, task, state, reason));
        }
        return states;
    }

    /// <summary><c>sacct -n -P -X -j &lt;id&gt; -o JobID,State</c>: lines <c>5_0|COMPLETED</c>, <c>5_1|CANCELLED by 0</c>.</summary>
    public static IReadOnlyList<SlurmTaskState> Sacct(string output, string jobId)
    {
        var states = new List<SlurmTaskState>();
        foreach (string raw in output.Split('\n'))
        {
            string[] parts = raw.Trim().Split('|');
            if (parts.Length < 2) continue;
            string[] id = parts[0].Split('_');
            if (id[0] != jobId || id.Length != 2) continue;
            string state = parts[1].Split(' ')[0];
            foreach (int task in Indices(id[1].Trim('[', ']')))
                states.Add(new SlurmTaskState(jobId, task, state, null));
        }
        return states;
    }

    private static Dictionary<string, string> Fields(string line)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string token in line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = token.IndexOf('=');
            if (eq > 0) fields.TryAdd(token[..eq], token[(eq + 1)..]);
        }
        return fields;
    }

    /// <summary>Array index expressions: <c>3</c>, <c>0-2</c>, <c>1,3-4</c>, with an optional <c>%limit</c>.</summary>
    public static IEnumerable<int> Indices(string expression)
    {
        string list = expression.Split('%')[0];
        foreach (string part in list.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] range = part.Split('-');
            int first = int.Parse(range[0], CultureInfo.InvariantCulture);
            int last = range.Length > 1 ? int.Parse(range[1], CultureInfo.InvariantCulture) : first;
            for (int i = first; i <= last; i++) yield return i;
        }
    }
}
