using Workflow.Core.Cache;

namespace Workflow.Pipeline;

/// <summary>
/// One stage of the pipeline, declared as data (design.md §8; DVC's stage: deps, outs, cmd). A stage has a name (the
/// Cake target and record name), the stages it depends on, its units for an experiment (one per model for Embed, a
/// single unit otherwise), and per unit: its key, its inputs (<see cref="Plan"/>, offline), the outputs it owns
/// (<see cref="Outputs"/>) and how to produce them (<see cref="Prepare"/>). <see cref="UnitRunner"/> does the rest
/// (locks, up-to-date check, staged commit), so a stage never touches records or locks itself.
/// To add a stage: a folder with a class deriving from this one, and one line in <see cref="StageRegistry"/>.
/// </summary>
internal abstract class Stage
{
    /// <summary>The stage's name: record name, Cake target, <c>--force=&lt;Stage&gt;</c> (e.g. <c>TwoNN</c>).</summary>
    public abstract string Name { get; }

    /// <summary>The <c>idim</c> subcommand that runs it (e.g. <c>twonn</c>).</summary>
    public virtual string Command => Name.ToLowerInvariant();

    /// <summary>One line for <c>idim graph</c>, the Cake task and <c>./build.sh --help</c>.</summary>
    public abstract string Description { get; }

    /// <summary>The stages whose outputs it reads directly (edges of the graph).</summary>
    public abstract IReadOnlyList<string> DependsOn { get; }

    /// <summary>Whether the stage runs libtorch (so it takes <c>--device</c> and the numerics mode).</summary>
    public virtual bool UsesTorch => false;

    /// <summary>
    /// Whether the stage downloads (CIFAR archives, Hub datasets): an executor that sends work to other machines runs
    /// it where the network is, first (compute nodes of a cluster are often offline).
    /// </summary>
    public virtual bool Downloads => false;

    /// <summary>
    /// Makes the unit's remote inputs local (e.g. a Hub model's snapshot) without producing anything or checking
    /// preconditions such as the device, so an executor can run the unit later on a machine without network.
    /// </summary>
    public virtual void Fetch(StageContext context, string? unit)
    {
    }

    /// <summary>The units of this stage for an experiment; a single <c>null</c> unit when the stage is one unit.</summary>
    public virtual IReadOnlyList<string?> Units(StageContext context) => [null];

    /// <summary>The cache key of one unit.</summary>
    public StageKey Key(string? unit) => new(Name, unit);

    /// <summary>The unit's key and inputs as far as known without the network (for <c>idim plan</c> and the up-to-date check).</summary>
    public abstract StageUnit Plan(StageContext context, string? unit);

    /// <summary>
    /// The paths (relative to the experiment folder; files or folders) the unit owns: its staged outputs replace them at
    /// commit, and interrupted writes beside them are swept before the unit runs.
    /// </summary>
    public abstract IReadOnlyList<string> Outputs(StageContext context, string? unit);

    /// <summary>
    /// Makes the unit's inputs available (downloads, generated models), checks its preconditions (upstream records,
    /// the device) and returns its final inputs and producer. Runs before anything of the previous result is touched,
    /// so a failure here leaves the previous outputs and record valid.
    /// </summary>
    public abstract UnitWork Prepare(StageContext context, string? unit);

    /// <summary>The units of upstream stages this unit reads (locked shared while it runs); default: every unit of every stage upstream.</summary>
    public virtual IEnumerable<StageKey> Reads(StageContext context, PipelineGraph graph, string? unit) =>
        graph.Upstream(this).SelectMany(s => s.Units(context).Select(s.Key));

    /// <summary>The unit's name as given to <c>--unit</c>, checked against <see cref="Units"/>.</summary>
    public string? ResolveUnit(StageContext context, string? requested)
    {
        var units = Units(context);
        if (requested is null) return null;
        if (units is [null])
            throw new UserError($"The {Name} stage has a single unit; run it without --unit.");
        return units.FirstOrDefault(u => string.Equals(u, requested, StringComparison.Ordinal))
            ?? throw new UserError($"The {Name} stage of '{context.Experiment.Name}' has no unit '{requested}'. Its units: {string.Join(", ", units)}.");
    }

    public override string ToString() => Name;
}

/// <summary>A unit ready to run: its final inputs, and the producer that writes its outputs under <see cref="StagedOutputs"/>.</summary>
/// <param name="Produce">Writes every output under the staging folder and returns their staged paths.</param>
internal sealed record UnitWork(StageUnit Unit, Func<StagedOutputs, IReadOnlyList<string>> Produce);
