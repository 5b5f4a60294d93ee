using Workflow.Torch.Models;
using static TorchSharp.torch;

namespace Workflow.Torch.Tests.Models.Hierarchical;

public class ChannelsLastTests
{
    [Fact]
    public void Should_KeepTheValuesAndStoreChannelsInnermost_When_Converted()
    {
        using var scope = NewDisposeScope();
        Tensor x = arange(2 * 3 * 4 * 5, dtype: ScalarType.Float32).view(2, 3, 4, 5);

        Tensor converted = ChannelsLast.From(x);

        Assert.True(converted.equal(x).all().item<bool>());
        Assert.Equal(new long[] { 60, 1, 15, 3 }, converted.stride()); // torch: x.to(memory_format=channels_last).stride()
        Assert.True(ChannelsLast.Is(converted));
        Assert.False(ChannelsLast.Is(x));
        Assert.True(converted.permute(0, 2, 3, 1).is_contiguous());
    }
}
