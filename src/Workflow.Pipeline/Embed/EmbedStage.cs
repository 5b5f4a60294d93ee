using System.Text.Json.Nodes;
using Workflow.Core.Cache;
using Workflow.Core.Experiments;

namespace Workflow.Pipeline;

/// <summary>
/// Embed stage, one cached unit per model (adding a model embeds only that model; <c>--unit &lt;model&gt;</c> embeds
/// one alone). The up-to-date check uses the locally known weight hashes first, so an unchanged model is skipped
/// without any network.
/// </summary>
internal sealed class EmbedStage : Stage
{
    // Bump when this stage's code changes the meaning of its outputs.
    public const string Version = "embed/1";

    public override string Name => StageNames.Embed;

    public override string Description => "Run every model of the experiment on the images; one Parquet file per model x layer.";

    public override IReadOnlyList<string> DependsOn => [StageNames.Data];

    public override bool UsesTorch => true;

    /// <summary>Receives each embedded model's name and timing (not called for skipped models); for <c>idim bench embed</c>.</summary>
    public Action<string, EmbedTiming>? Embedded { get; init; }

    public override IReadOnlyList<string?> Units(StageContext context) => context.Experiment.Models.Select(m => (string?)m.Name).ToList();

    public override StageUnit Plan(StageContext context, string? unit)
    {
        var model = Model(context, unit);
        return Unit(context, model, ModelLocator.WeightsOffline(context, model));
    }

    /// <summary>Downloads the model's Hub snapshot (or writes its tiny checkpoint) without loading it.</summary>
    public override void Fetch(StageContext context, string? unit) => ModelLocator.Prepare(context, Model(context, unit));

    public override IReadOnlyList<string> Outputs(StageContext context, string? unit) => [StageNames.EmbeddingFolder(Model(context, unit).Name)];

    public override UnitWork Prepare(StageContext context, string? unit)
    {
        var model = Model(context, unit);
        DevicePrecondition.Check(context.Device); // before any download or write (probe #13)
        LocalModel local = ModelLocator.Prepare(context, model);
        return new UnitWork(Unit(context, model, local.Weights), outputs =>
        {
            var timing = new EmbedTiming();
            // A model idim wrote into the shared artifacts/models is read under a shared lock: nobody rewrites it meanwhile.
            using var reading = model.Tiny is null ? null
                : SharedItemLock.Shared(Path.GetDirectoryName(local.Folder)!, Path.GetFileName(local.Folder));
            var written = ModelEmbedder.Embed(context, model, local, timing, outputs);
            Embedded?.Invoke(model.Name, timing);
            return written;
        });
    }

    /// <summary>A model's unit: the Data stage's images, labels and indices, the model's file hashes and the embedding settings.</summary>
    public StageUnit Unit(StageContext context, ModelConfig model, ModelWeights weights)
    {
        var key = Key(model.Name);
        var data = StageRunner.OutputsOf(context, DataStage.UnitKey, o => o != StageNames.Classes);
        if (data is null) return StageUnit.Waiting(key, StageNames.Data, "the Data stage");
        if (weights.Hashes is null) return new StageUnit(key, null, weights.UnknownBecause);
        var e = context.Experiment.Embedding;
        var parameters = new JsonObject
        {
            ["model"] = CanonicalJson.ToNode(model),
            ["embedding"] = new JsonObject
            {
                ["pooling"] = e.Pooling,
                ["layers"] = CanonicalJson.ToNode(e.Layers),
                ["dtype"] = e.Dtype,
            },
            // portable and fast give different last bits (docs/numerics.md), so the mode is part of what was computed.
            ["numerics"] = Workflow.Core.Numerics.NumericsModes.Name(context.Numerics),
        };
        var inputs = new Dictionary<string, string>(data);
        foreach (var (file, hash) in weights.Hashes) inputs["weights/" + file] = hash;
        return new StageUnit(key, new StageInputs(Version, parameters, inputs));
    }

    /// <summary>The key of a model's unit (read by downstream stages).</summary>
    public static StageKey KeyOf(ModelConfig model) => new(StageNames.Embed, model.Name);

    private static ModelConfig Model(StageContext context, string? unit) =>
        context.Experiment.Models.FirstOrDefault(m => m.Name == unit)
        ?? throw new UserError($"Experiment '{context.Experiment.Name}' has no model '{unit}'. Its models: {string.Join(", ", context.Experiment.Models.Select(m => m.Name))}.");
}
