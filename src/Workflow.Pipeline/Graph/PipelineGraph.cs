namespace Workflow.Pipeline;

/// <summary>
/// The stage graph, built once from the declared stages (DVC's <c>repo/index.py</c> builds one DiGraph the same way):
/// names unique, every dependency declared, no cycle. <see cref="Stages"/> is a topological order (ties keep the
/// declaration order), which is the order <c>idim plan</c>, <c>idim run</c> and the Cake tasks follow.
/// </summary>
internal sealed class PipelineGraph
{
    private readonly Dictionary<string, Stage> _byName;

    public PipelineGraph(IEnumerable<Stage> stages)
    {
        var declared = stages.ToList();
        _byName = new Dictionary<string, Stage>(StringComparer.OrdinalIgnoreCase);
        foreach (var stage in declared)
            if (!_byName.TryAdd(stage.Name, stage))
                throw new ArgumentException($"Two stages are named '{stage.Name}' (stage names are case-insensitive).", nameof(stages));
        foreach (var stage in declared)
            foreach (string dependency in stage.DependsOn)
                if (!_byName.ContainsKey(dependency))
                    throw new ArgumentException($"Stage {stage.Name} depends on '{dependency}', which is not a stage ({string.Join(", ", _byName.Keys)}).", nameof(stages));
        Stages = TopologicalOrder(declared);
    }

    /// <summary>Every stage, upstream before downstream.</summary>
    public IReadOnlyList<Stage> Stages { get; }

    /// <summary>The stage named <paramref name="name"/> (any case), or null.</summary>
    public Stage? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>The stage named <paramref name="name"/> (any case); a <see cref="UserError"/> listing the stages otherwise.</summary>
    public Stage this[string name] => Find(name)
        ?? throw new UserError($"There is no stage '{name}'. Stages: {string.Join(", ", Stages.Select(s => s.Name))}.");

    /// <summary>Every stage <paramref name="stage"/> depends on, directly or not, in topological order.</summary>
    public IReadOnlyList<Stage> Upstream(Stage stage)
    {
        var found = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var pending = new Stack<string>(stage.DependsOn);
        while (pending.TryPop(out string? name))
            if (found.Add(name))
                foreach (string next in _byName[name].DependsOn) pending.Push(next);
        return Stages.Where(s => found.Contains(s.Name)).ToList();
    }

    /// <summary>Whether <paramref name="stage"/> depends on <paramref name="upstream"/>, directly or not.</summary>
    public bool DependsOn(Stage stage, Stage upstream) => Upstream(stage).Contains(upstream);

    private List<Stage> TopologicalOrder(List<Stage> declared)
    {
        // Kahn's algorithm, always taking the first ready stage in declaration order.
        var remaining = declared.ToList();
        var done = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var order = new List<Stage>();
        while (remaining.Count > 0)
        {
            var ready = remaining.FirstOrDefault(s => s.DependsOn.All(done.Contains))
                ?? throw new ArgumentException($"The stages depend on each other in a cycle: {string.Join(", ", remaining.Select(s => s.Name))}.");
            order.Add(ready);
            done.Add(ready.Name);
            remaining.Remove(ready);
        }
        return order;
    }
}
