namespace Workflow.Torch.Tests.Fixtures;

/// <summary>
/// The hierarchical folders of the second transformers-written fixture set (Swin, ConvNeXt, ResNet), copied into
/// TestData/hf-tiny-2 (see its README.md).
/// </summary>
public static class HfTiny2Fixture
{
    /// <summary>Every Swin / ConvNeXt / ResNet fixture folder.</summary>
    public static readonly string[] Hierarchical = ["swin", "swin-224", "convnext", "convnext-224", "resnet-224", "resnet-bottleneck"];

    /// <summary>Those that also hold pytorch_model.bin.</summary>
    public static readonly string[] HierarchicalWithBin = ["swin", "convnext", "resnet-bottleneck"];

    public static string Folder(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "hf-tiny-2", name);
}
