using TorchSharp;
using Workflow.Torch.Weights;
using static TorchSharp.torch;

namespace Workflow.Torch.Models;

/// <summary>What was built: the module, its transformers class name, and how checkpoint keys map onto it.</summary>
internal sealed record BuiltModel(nn.Module<Tensor, VisionModelOutput> Module, string ClassName, KeyMapping Mapping);
