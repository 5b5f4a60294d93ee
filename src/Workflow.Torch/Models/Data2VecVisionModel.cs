using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Workflow.Torch.Models;

// Data2VecVision (transformers/models/data2vec/modeling_data2vec_vision.py) is BEiT under another name: every
// Data2VecVision* block is "Copied from transformers.models.beit.modeling_beit.Beit* with Beit->Data2VecVision",
// with identical state_dict keys. So the BEiT classes are reused; only the two top-level classes differ: the base
// model has no pooler by default, and the classifier's base-model attribute (and key prefix) is `data2vec_vision`.

/// <summary>Mirrors Data2VecVisionModel: BeitModel whose <c>add_pooling_layer</c> defaults to false.</summary>
public sealed class Data2VecVisionModel : BeitModel
{
    public Data2VecVisionModel(VisionConfig config, bool addPoolingLayer = false)
        : base(nameof(Data2VecVisionModel), config, addPoolingLayer)
    {
    }
}

/// <summary>Mirrors Data2VecVisionForImageClassification: base model with pooler, linear head on the pooled output.</summary>
public sealed class Data2VecVisionForImageClassification : nn.Module<Tensor, VisionModelOutput>
{
    private readonly Data2VecVisionModel data2vec_vision;
    private readonly Linear? classifier; // nn.Identity when num_labels == 0

    public Data2VecVisionForImageClassification(VisionConfig config) : base(nameof(Data2VecVisionForImageClassification))
    {
        data2vec_vision = new Data2VecVisionModel(config, addPoolingLayer: true);
        classifier = config.NumLabels > 0 ? nn.Linear(config.HiddenSize, config.NumLabels) : null;
        RegisterComponents();
    }

    public override VisionModelOutput forward(Tensor pixelValues) => ClassifierHead.Apply(data2vec_vision, classifier, pixelValues);
}
