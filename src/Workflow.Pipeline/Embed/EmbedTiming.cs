using System.Diagnostics;
using System.Globalization;

namespace Workflow.Pipeline;

/// <summary>The phases of one model's embed that <see cref="EmbedTiming"/> measures.</summary>
internal enum EmbedPhase
{
    /// <summary>Loading the model (config, processor, weights, weight hashes).</summary>
    Load,

    /// <summary>Reading the Data stage's images, labels and indices.</summary>
    Read,

    /// <summary>The image processor (resize, rescale, normalise) of each batch.</summary>
    Preprocess,

    /// <summary>The model's forward pass (on CUDA up to a synchronisation, so queued kernels are counted here).</summary>
    Forward,

    /// <summary>Pooling each kept hidden state and copying it to managed memory.</summary>
    Pool,

    /// <summary>Appending to the Parquet writers, finishing the files and renaming them into place.</summary>
    Write,
}

/// <summary>
/// Wall time of one model's embed, by phase: two timestamps per measured block (<see cref="Measure"/>), no allocation.
/// <see cref="Total"/> spans the whole embed; what no phase covers is reported as "other", so the shares always add
/// up to 100%.
/// </summary>
internal sealed class EmbedTiming
{
    private readonly long[] _ticks = new long[Enum.GetValues<EmbedPhase>().Length];
    private long _started;
    private long _total;

    /// <summary>Number of images embedded.</summary>
    public int Images { get; set; }

    /// <summary>The whole embed (set by <see cref="Start"/> / <see cref="Stop"/>, or <see cref="SetTotal"/>).</summary>
    public TimeSpan Total => Stopwatch.GetElapsedTime(0, _total);

    /// <summary>Time spent in <paramref name="phase"/>.</summary>
    public TimeSpan this[EmbedPhase phase] => Stopwatch.GetElapsedTime(0, _ticks[(int)phase]);

    /// <summary>Time inside the embed not covered by any phase (bookkeeping, the progress display).</summary>
    public TimeSpan Other => Stopwatch.GetElapsedTime(0, Math.Max(0, _total - _ticks.Sum()));

    /// <summary>Marks the start of the whole embed.</summary>
    public void Start() => _started = Stopwatch.GetTimestamp();

    /// <summary>Marks its end.</summary>
    public void Stop() => _total = Stopwatch.GetTimestamp() - _started;

    /// <summary>Sets the whole embed's duration (for callers that measured it themselves, and tests).</summary>
    public void SetTotal(TimeSpan total) => _total = Ticks(total);

    /// <summary>Adds <paramref name="duration"/> to <paramref name="phase"/>.</summary>
    public void Add(EmbedPhase phase, TimeSpan duration) => _ticks[(int)phase] += Ticks(duration);

    /// <summary>Times the block of a <c>using</c> statement as <paramref name="phase"/>.</summary>
    public PhaseScope Measure(EmbedPhase phase) => new(this, phase, Stopwatch.GetTimestamp());

    /// <summary>Share of <see cref="Total"/> spent in <paramref name="phase"/>, in percent.</summary>
    public double Percent(EmbedPhase phase) => Percent(_ticks[(int)phase]);

    /// <summary>Share of <see cref="Total"/> not covered by a phase, in percent.</summary>
    public double OtherPercent => Percent(Math.Max(0, _total - _ticks.Sum()));

    /// <summary>Share of <see cref="Total"/> outside the forward pass, in percent (issue 5's target: under 10%).</summary>
    public double OutsideForwardPercent => _total <= 0 ? 0 : 100 - Percent(EmbedPhase.Forward);

    /// <summary>Images per second over the whole embed.</summary>
    public double ImagesPerSecond => _total <= 0 ? 0 : Images / Total.TotalSeconds;

    /// <summary>
    /// The line printed at the end of a model's embed, e.g.
    /// <c>Embed[vit]: 320 images, 3.9 images/s, forward 93.2% of 82.1 s (load 0.4%, read 0.0%, preprocess 2.1%, pool 0.3%, write 3.7%, other 0.3%)</c>.
    /// </summary>
    public string Line(string model)
    {
        var others = Enum.GetValues<EmbedPhase>().Where(p => p != EmbedPhase.Forward)
            .Select(p => $"{p.ToString().ToLowerInvariant()} {Percent(p):0.0}%")
            .Append($"other {OtherPercent:0.0}%");
        return string.Create(CultureInfo.InvariantCulture,
            $"Embed[{model}]: {Images} images, {ImagesPerSecond:0.0} images/s, forward {Percent(EmbedPhase.Forward):0.0}% of {Total.TotalSeconds:0.0} s ({string.Join(", ", others)})");
    }

    private double Percent(long ticks) => _total <= 0 ? 0 : 100.0 * ticks / _total;

    private static long Ticks(TimeSpan duration) => (long)(duration.TotalSeconds * Stopwatch.Frequency);

    /// <summary>Adds the time between its creation and its disposal to a phase.</summary>
    public readonly struct PhaseScope(EmbedTiming timing, EmbedPhase phase, long started) : IDisposable
    {
        public void Dispose() => timing._ticks[(int)phase] += Stopwatch.GetTimestamp() - started;
    }
}
