namespace Workflow.Torch.Models;

/// <summary>
/// Every matrix product and convolution of one forward, each distinct shape timed alone and weighted by how often the
/// forward runs it: the time the forward would take if it did nothing else. Its rate (their FLOPs over that time) is
/// the matrix-product rate of this very model — what ViT's single MLP product is for ViT, where all products have
/// nearly that shape — so the forward's share of it is the share of its time spent in products, and the rest is
/// what the port adds around them (norms, activations, copies).
/// </summary>
public sealed class ModelProducts : IRateReference
{
    private static readonly TimeSpan MeasureEachFor = TimeSpan.FromSeconds(0.03);
    private readonly IReadOnlyList<(ReferenceKernel Kernel, int Count)> products;

    public ModelProducts(IReadOnlyList<(ReferenceKernel Kernel, int Count)> products, string model, int batch)
    {
        this.products = products;
        Description = string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{model}'s own {products.Sum(p => p.Count)} products and convolutions ({products.Count} shapes, {Gflop / batch:F2} GFLOP per image) timed alone");
    }

    public string Description { get; }

    /// <summary>GFLOP of all products of one forward (2 per multiply-add).</summary>
    public double Gflop => products.Sum(p => p.Count * p.Kernel.Gflop);

    public double MeasureGflops() => Gflop / products.Sum(p => p.Count * p.Kernel.MedianSeconds(MeasureEachFor, 3));

    public void Dispose()
    {
        foreach (var (kernel, _) in products) kernel.Dispose();
    }
}
